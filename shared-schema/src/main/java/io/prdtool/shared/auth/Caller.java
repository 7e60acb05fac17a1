package io.prdtool.shared.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * Who is calling, as the verified access token says: {@code subject} is the identity provider's stable user id;
 * {@code email} and {@code name} are what just-in-time provisioning records.
 */
public record Caller(String subject, String email, String name, Instant expiresAt) {

    /**
     * The callers of the (already verified) raw tokens seen lately, by the token's text: the same token always says
     * the same. An entry goes when nothing holds that token string any more (a service that caches verified tokens
     * keeps it while the token is cached). Reading a claim outside MicroProfile's {@code Claims} enum ({@code name})
     * costs smallrye-jwt an exception with its stack trace: 5 % of a GET's CPU, once per token with this.
     */
    private static final Map<String, Caller> SEEN = Collections.synchronizedMap(new WeakHashMap<>());

    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A valid bearer token is required");
        }
        String raw = jwt.getRawToken();
        Caller seen = raw == null ? null : SEEN.get(raw);
        if (seen != null) {
            return seen;
        }
        Caller caller = read(jwt);
        if (raw != null) {
            SEEN.put(raw, caller);
        }
        return caller;
    }

    private static Caller read(JsonWebToken jwt) {
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
