package io.prdtool.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.prdtool.shared.problem.ProblemException;

class CallerTest {

    /** A verified token as the injected JsonWebToken shows it: claims by name, the raw text as "raw_token". */
    private static JsonWebToken token(String raw, String subject, String email, String name) {
        Map<String, Object> claims = new HashMap<>();
        claims.put(Claims.raw_token.name(), raw);
        claims.put(Claims.sub.name(), subject);
        claims.put(Claims.exp.name(), 1_900_000_000L);
        if (email != null) {
            claims.put(Claims.email.name(), email);
        }
        if (name != null) {
            claims.put("name", name);
        }
        return new JsonWebToken() {

            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }

    @Test
    void readsTheIdentityClaimsWithFallbacks() {
        assertThat(Caller.of(token("raw-a", "sub-a", "a@example.com", "Ada"))).isEqualTo(
                new Caller("sub-a", "a@example.com", "Ada", java.time.Instant.ofEpochSecond(1_900_000_000L)));
        Caller bare = Caller.of(token("raw-b", "sub-b", null, " "));
        assertThat(bare.email()).isEqualTo("sub-b");
        assertThat(bare.name()).isEqualTo("sub-b");
        assertThatThrownBy(() -> Caller.of(token("raw-c", null, null, null))).isInstanceOf(ProblemException.class);
    }

    @Test
    void theSameTokenTextGivesTheSameCallerAndAnotherTokenItsOwn() {
        // a request-scoped proxy is one object for every request: the memo must follow the token, not the object
        Caller first = Caller.of(token("raw-1", "sub-1", "one@example.com", "One"));
        assertThat(Caller.of(token(new String("raw-1"), "sub-1", "one@example.com", "One"))).isSameAs(first);
        Caller second = Caller.of(token("raw-2", "sub-2", "two@example.com", "Two"));
        assertThat(second.subject()).isEqualTo("sub-2");
        assertThat(second.name()).isEqualTo("Two");
    }
}
