package io.prdtool.integration.http;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;

/** The application's one {@link GuardedHttp}, configured from {@code prdtool.integration.*}. */
@ApplicationScoped
public class GuardedHttpProducer {

    /**
     * @param allowPrivate {@code prdtool.integration.allow-private-targets}: call private, loopback and link-local
     *        addresses (self-hosted Jira/Confluence inside the operator's network, tests). An operator decision, never
     *        a per-organization one.
     * @param connectTimeout {@code prdtool.integration.http.connect-timeout}
     * @param timeout {@code prdtool.integration.http.timeout}: the whole answer must arrive within it
     * @param maxResponseBytes {@code prdtool.integration.http.max-response-bytes}
     */
    @Produces
    @Singleton
    GuardedHttp guardedHttp(Vertx vertx,
            @ConfigProperty(name = "prdtool.integration.allow-private-targets", defaultValue = "false") boolean allowPrivate,
            @ConfigProperty(name = "prdtool.integration.http.connect-timeout", defaultValue = "5s") Duration connectTimeout,
            @ConfigProperty(name = "prdtool.integration.http.timeout", defaultValue = "30s") Duration timeout,
            @ConfigProperty(name = "prdtool.integration.http.max-response-bytes", defaultValue = "8388608") int maxResponseBytes) {
        return new GuardedHttp(vertx,
                new GuardedHttp.Settings(allowPrivate, connectTimeout, timeout, maxResponseBytes));
    }

    void close(@Disposes GuardedHttp http) {
        http.close();
    }
}
