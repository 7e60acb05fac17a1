package io.prdtool.shared.auth;

import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * Who is calling, as the verified access token says: {@code subject} is the identity provider's stable user id;
 * {@code email} and {@code name} are what just-in-time provisioning records.
 */
public record Caller(String subject, String email, String name, Instant expiresAt) {

    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A valid bearer token is required");
        }
        String email = jwt.getClaim("email");
        if (email == null) {
            email = jwt.getName();
        }
        String name = jwt.getClaim("name");
        if (name == null || name.isBlank()) {
            name = email;
        }
        return new Caller(jwt.getSubject(), email, name, Instant.ofEpochSecond(jwt.getExpirationTime()));
    }
}
