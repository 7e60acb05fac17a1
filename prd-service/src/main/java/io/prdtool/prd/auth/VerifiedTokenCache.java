package io.prdtool.prd.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The JWT parser smallrye-jwt authenticates every request with, remembering tokens it has verified: a bearer token
 * seen again is not re-verified (RS256 signature, issuer, audience, expiry) but served from a bounded cache keyed by
 * the SHA-256 of the token, until the token's {@code exp} and never longer. After {@code exp} the token is verified
 * again, so it is rejected exactly as without the cache (the configured clock skew included). Only successfully
 * verified tokens are cached; a token that fails is verified again on every request.
 * <p>
 * What a cached token carries is fixed by its signature, so caching changes nothing about who it identifies. Tokens
 * have no revocation list in this system: an account is revoked by deactivating the user, which
 * {@link io.prdtool.prd.user.UserService} checks independently of this cache.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final JWTParser delegate;
    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokenCache(DefaultJWTParser delegate,
            @ConfigProperty(name = "prdtool.auth.token-cache.max-size", defaultValue = "10000") long maxSize) {
        this(delegate, maxSize, Clock.systemUTC(), Ticker.systemTicker());
    }

    VerifiedTokenCache(JWTParser delegate, long maxSize, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .expireAfter(new UntilExpiry(clock))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        String key = digest(token);
        JsonWebToken cached = verified.getIfPresent(key);
        if (cached != null && !expired(cached)) {
            return cached;
        }
        JsonWebToken jwt = delegate.parse(token);
        if (!expired(jwt)) {
            verified.put(key, jwt);
        }
        return jwt;
    }

    /** How many verified tokens are held (for tests and diagnostics). */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private boolean expired(JsonWebToken jwt) {
        return clock.millis() >= jwt.getExpirationTime() * 1000L;
    }

    private static String digest(String token) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** An entry lives until its token's exp (a token without one is not cached: it has expired at the epoch). */
    private record UntilExpiry(Clock clock) implements Expiry<String, JsonWebToken> {

        @Override
        public long expireAfterCreate(String key, JsonWebToken jwt, long currentTime) {
            return Math.max(0, (jwt.getExpirationTime() * 1000L - clock.millis())) * 1_000_000L;
        }

        @Override
        public long expireAfterUpdate(String key, JsonWebToken jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(key, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String key, JsonWebToken jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    // everything else smallrye-jwt's parser offers is passed through uncached

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
