package io.prdtool.shared.auth;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;

/**
 * Every service answers {@code GET /api/v1/session} with the caller as that service sees the token: a client (or an
 * operator) checks a token against any service without touching domain data.
 */
@Path("/api/v1/session")
@Tag(name = "session", description = "The caller as this service sees the access token")
@Authenticated
public class SessionResource {

    @Inject
    JsonWebToken jwt;

    @ConfigProperty(name = "prdtool.service.name")
    String service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who the access token says you are, for this service")
    public Session session() {
        Caller caller = Caller.of(jwt);
        return new Session(service, caller.subject(), caller.email(), caller.name(), caller.expiresAt());
    }

    public record Session(String service, String subject, String email, String name, Instant expiresAt) {
    }
}
