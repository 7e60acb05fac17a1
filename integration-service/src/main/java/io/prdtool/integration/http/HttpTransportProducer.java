package io.prdtool.integration.http;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.prdtool.integration.IntegrationConfig;
import io.vertx.core.Vertx;

/**
 * The application's one {@link HttpTransport}, configured from {@code prdtool.integration.*}: allow-private-targets,
 * private-hosts-allowed, http.connect-timeout, http.timeout and http.max-response-bytes.
 */
@ApplicationScoped
public class HttpTransportProducer {

    @Produces
    @Singleton
    HttpTransport httpTransport(Vertx vertx, IntegrationConfig config) {
        IntegrationConfig.Http http = config.http();
        return new HttpTransport(vertx, new HttpTransport.Settings(config.allowPrivateTargets(), http.connectTimeout(),
                http.timeout(), http.maxResponseBytes(),
                Set.copyOf(config.privateHostsAllowed().orElse(List.of()))));
    }

    void close(@Disposes HttpTransport http) {
        http.close();
    }
}
