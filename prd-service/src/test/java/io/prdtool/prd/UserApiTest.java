package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class UserApiTest {

    @Test
    void provisionsUserFromTokenClaimsOnFirstRequestOnlyOnce() {
        Api.User u = Api.user("jit");
        String id = u.as().get("/api/v1/users/me").then().statusCode(200)
                .body("email", equalTo(u.email())).body("name", equalTo("jit"))
                .body("permissions", empty()).body("lastLoginAt", notNullValue())
                .extract().path("id");
        u.as().get("/api/v1/users/me").then().statusCode(200).body("id", equalTo(id));
        assertThat(Api.count("SELECT count(*) FROM users WHERE subject = '" + u.subject() + "'")).isEqualTo(1);
        assertThat(Api.events("UserProvisioned", UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void updatesProfileAndPublishesEvent() {
        Api.User u = Api.user("profile");
        UUID id = u.id();
        u.as().body(Map.of("name", "Ada Lovelace", "avatarUrl", "https://images.example.com/ada.png"))
                .patch("/api/v1/users/me").then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("avatarUrl", equalTo("https://images.example.com/ada.png"));
        assertThat(Api.events("UserProfileUpdated", id)).isEqualTo(1);
        u.as().body(Map.of("avatarUrl", "")).patch("/api/v1/users/me").then().statusCode(200)
                .body("avatarUrl", nullValue());
    }

    @Test
    void rejectsUnsafeAvatarUrlsAndWritesNothing() {
        Api.User u = Api.user("avatar");
        u.id();
        for (String bad : List.of("javascript:alert(1)", "http://example.com/a.png", "not a url",
                "https://user:pw@example.com/a.png", "/relative.png")) {
            u.as().body(Map.of("avatarUrl", bad)).patch("/api/v1/users/me").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        u.as().body(Map.of("name", " ")).patch("/api/v1/users/me").then().statusCode(400);
        assertThat(Api.count("SELECT count(*) FROM users WHERE subject = '" + u.subject()
                + "' AND avatar_url IS NULL AND name = 'avatar'")).isEqualTo(1);
    }

    @Test
    void keepsGlobalPermissionsAndEmailOutOfReachOfTheProfileEndpoint() {
        Api.User u = Api.user("escalate");
        UUID id = u.id();
        u.as().body(Map.of("permissions", List.of("platform:admin"), "email", "boss@example.com", "id",
                UUID.randomUUID().toString(), "name", "Still Me"))
                .patch("/api/v1/users/me").then().statusCode(200)
                .body("permissions", empty()).body("email", equalTo(u.email())).body("id", equalTo(id.toString()));
    }

    @Test
    void rejectsMissingAndUntrustedTokens() {
        Api.anonymous().get("/api/v1/users/me").then().statusCode(401);
        Api.anonymous().body(Map.of("name", "x")).patch("/api/v1/users/me").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(Tokens.forgedToken("mallory")).get("/api/v1/users/me")
                .then().statusCode(401);
    }

    @Test
    void refusesToBindAnEmailAlreadyOwnedByAnotherIdentity() {
        Api.User first = Api.user("first");
        first.id();
        String impostor = Tokens.forTests().token(Api.unique("impostor"), first.email(), "Impostor");
        io.restassured.RestAssured.given().auth().oauth2(impostor).get("/api/v1/users/me").then().statusCode(409);
    }
}
