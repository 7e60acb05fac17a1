package io.prdtool.collab.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token passed outside the Authorization header (the WebSocket {@code ?token=} parameter) with the
 * same rules as the REST layer: signature, issuer, audience and expiry from {@code mp.jwt.verify.*}.
 */
@ApplicationScoped
public class TokenVerifier {

    @Inject
    JWTParser parser;

    /** The verified token, or empty when it is missing, malformed, forged or expired. */
    public Optional<JsonWebToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            return jwt.getSubject() == null ? Optional.empty() : Optional.of(jwt);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value of {@code name} in a raw query string, URL-decoded. */
    public static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
