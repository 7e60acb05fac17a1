package io.prdtool.shared.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The actor of the current unit of work: the verified token's subject, client IP and user agent while serving an
 * HTTP request; {@code system:<service>} otherwise (Kafka handlers, scheduled jobs). Resolves the identity without
 * blocking, so it may be called on the event loop.
 */
@ApplicationScoped
public class CurrentActor {

    private static final int MAX_USER_AGENT = 512;

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    CurrentVertxRequest request;

    @ConfigProperty(name = "prdtool.service.name", defaultValue = "unknown-service")
    String service;

    public Uni<ActorContext> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Uni.createFrom().item(ActorContext.system(service));
        }
        RoutingContext routing = request.getCurrent();
        String ip = null;
        String userAgent = null;
        if (routing != null) {
            var remote = routing.request().remoteAddress();
            ip = remote == null ? null : remote.hostAddress();
            userAgent = routing.request().getHeader(HttpHeaders.USER_AGENT);
            if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
                userAgent = userAgent.substring(0, MAX_USER_AGENT);
            }
        }
        String clientIp = ip;
        String agent = userAgent;
        return identity.getDeferredIdentity().map(id -> new ActorContext(subjectOf(id), clientIp, agent));
    }

    private String subjectOf(SecurityIdentity id) {
        if (id == null || id.isAnonymous()) {
            return "anonymous";
        }
        if (id.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return id.getPrincipal().getName();
    }
}
