package io.prdtool.prd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Ticker;

import io.prdtool.testinfra.JwtKeys;
import io.prdtool.testinfra.Tokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/** The verified-token cache in front of smallrye-jwt's real parser, with real RS256 tokens. */
class VerifiedTokenCacheTest {

    /** smallrye-jwt's parser, counting the tokens it really verifies. */
    static final class CountingParser extends DefaultJWTParser {

        final AtomicInteger verifications = new AtomicInteger();

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            return super.parse(token);
        }
    }

    private CountingParser parser;

    @BeforeEach
    void parser() throws Exception {
        String pem = Files.readString(JwtKeys.forTests().publicKeyFile())
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem)));
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, Tokens.TEST_ISSUER);
        info.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        info.setClockSkew(0);
        parser = new CountingParser(info);
    }

    private static VerifiedTokenCache cache(CountingParser parser, long maxSize) {
        return new VerifiedTokenCache(parser, maxSize, Clock.systemUTC(), Ticker.systemTicker());
    }

    private static String token(String subject, Duration lifetime) {
        return Tokens.forTests().token(subject, subject + "@example.com", subject, Set.of(), lifetime);
    }

    @Test
    void verifiesATokenOnceAndServesItFromTheCacheAfterwards() throws Exception {
        VerifiedTokenCache cache = cache(parser, 100);
        String token = token("alice", Duration.ofMinutes(10));
        JsonWebToken first = cache.parse(token);
        JsonWebToken again = cache.parse(token);
        assertThat(again.getSubject()).isEqualTo("alice");
        assertThat(again).isSameAs(first);
        assertThat(parser.verifications).hasValue(1);
        cache.parse(token("bob", Duration.ofMinutes(10)));
        assertThat(parser.verifications).hasValue(2);
    }

    @Test
    void rejectsAnExpiredTokenEvenThoughItWasCached() throws Exception {
        VerifiedTokenCache cache = cache(parser, 100);
        String token = token("short-lived", Duration.ofSeconds(2));
        long exp = cache.parse(token).getExpirationTime();
        cache.parse(token);
        assertThat(parser.verifications).hasValue(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().getEpochSecond() > exp);
        assertThatThrownBy(() -> cache.parse(token)).isInstanceOf(ParseException.class);
        assertThat(parser.verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverServesATokenPastItsExpiryWhateverTheClockOfTheCacheSays() throws Exception {
        // the cache's clock runs an hour ahead: the token (valid for 10 minutes) is expired for it, so it is
        // verified on every request and never held
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, 100, ahead, Ticker.systemTicker());
        String token = token("carol", Duration.ofMinutes(10));
        cache.parse(token);
        cache.parse(token);
        assertThat(parser.verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void doesNotCacheTokensThatFailVerification() {
        VerifiedTokenCache cache = cache(parser, 100);
        String forged = Tokens.forgedToken("mallory");
        String wrongIssuer = Jwt.issuer("https://evil.example").audience(Tokens.AUDIENCE).subject("eve")
                .expiresIn(Duration.ofMinutes(5)).sign(JwtKeys.forTests().privateKey());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.parse(forged)).isInstanceOf(ParseException.class);
            assertThatThrownBy(() -> cache.parse(wrongIssuer)).isInstanceOf(ParseException.class);
        }
        assertThat(parser.verifications).hasValue(4);
        assertThat(cache.size()).isZero();
    }

    @Test
    void holdsAtMostItsMaximumNumberOfTokens() throws Exception {
        VerifiedTokenCache cache = cache(parser, 5);
        for (int i = 0; i < 50; i++) {
            cache.parse(token("user-" + i, Duration.ofMinutes(10)));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(5);
    }
}
