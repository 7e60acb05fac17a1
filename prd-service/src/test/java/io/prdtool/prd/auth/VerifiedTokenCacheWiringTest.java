package io.prdtool.prd.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.auth.principal.JWTParser;

/** smallrye-jwt authenticates requests through the cache, and a cached token still identifies only its owner. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class VerifiedTokenCacheWiringTest {

    @Inject
    JWTParser parser;

    @Test
    void requestsAreAuthenticatedThroughTheCache() {
        assertThat(parser).isInstanceOf(VerifiedTokenCache.class);
        VerifiedTokenCache cache = (VerifiedTokenCache) parser;
        Api.User u = Api.user("cached");
        long before = cache.size();
        String id = u.as().get("/api/v1/users/me").then().statusCode(200).extract().path("id");
        assertThat(cache.size()).isEqualTo(before + 1);
        u.as().get("/api/v1/users/me").then().statusCode(200).extract().path("id").equals(id);
        assertThat(cache.size()).isEqualTo(before + 1);

        RestAssured.given().auth().oauth2(Tokens.forgedToken(u.subject())).get("/api/v1/users/me").then()
                .statusCode(401);
        assertThat(cache.size()).isEqualTo(before + 1);
    }
}
