package io.prdtool.testinfra;

import java.time.Duration;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Mints RS256 access tokens shaped like the identity provider's: {@code sub} (stable user id), {@code email},
 * {@code name}, {@code upn}, {@code groups} (global permissions) and the suite's issuer and audience.
 */
public final class Tokens {

    public static final String TEST_ISSUER = "https://auth.prdtool.test";
    public static final String AUDIENCE = "prdtool-api";

    private final JwtKeys keys;
    private final String issuer;

    public Tokens(JwtKeys keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** Tokens the test JVM's services accept (see {@link InfraResource}). */
    public static Tokens forTests() {
        return new Tokens(JwtKeys.forTests(), TEST_ISSUER);
    }

    public String token(String subject, String email, String name) {
        return token(subject, email, name, Set.of(), Duration.ofHours(1));
    }

    public String token(String subject, String email, String name, Set<String> groups, Duration lifetime) {
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .upn(email)
                .claim("email", email)
                .claim("name", name)
                .groups(groups)
                .expiresIn(lifetime)
                .jws()
                .keyId("prdtool-dev")
                .sign(keys.privateKey());
    }

    /** A token signed by a key the services do not trust. */
    public static String forgedToken(String subject) {
        try {
            JwtKeys other = JwtKeys.loadOrCreate(java.nio.file.Files.createTempDirectory("prdtool-forged-"));
            return new Tokens(other, TEST_ISSUER).token(subject, subject + "@example.com", subject);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
