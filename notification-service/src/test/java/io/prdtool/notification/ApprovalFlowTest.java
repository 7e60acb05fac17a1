package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.MailResource;
import io.prdtool.notification.support.Mails;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.PackagedService;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The whole way through the real prd-service (packaged, on the same database and broker): alice creates an
 * organization and a PRD, names bob as its approver and submits it; bob gets an in-app notification and an email,
 * alice gets neither; bob approves; alice hears about it.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class ApprovalFlowTest {

    private record Person(String subject, String email, String token) {

        RequestSpecification prd() {
            return given().baseUri(PackagedService.shared("prd-service").url()).auth().oauth2(token)
                    .contentType(ContentType.JSON);
        }

        RequestSpecification notifications() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }

        UUID id() {
            return UUID.fromString(prd().get("/api/v1/users/me").then().statusCode(200).extract().path("id"));
        }
    }

    private static Person person(String name) {
        String sub = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = sub + "@acme.example";
        return new Person(sub, email, Tokens.forTests().token(sub, email, name));
    }

    @Test
    void submittingForApprovalReachesTheApproverInAppAndByEmail() {
        Person alice = person("Alice");
        Person bob = person("Bob");
        alice.id();
        UUID bobId = bob.id();
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        UUID orgId = UUID.fromString(alice.prd().body(Map.of("name", "Acme", "slug", slug)).post("/api/v1/orgs")
                .then().statusCode(201).extract().path("id"));
        alice.prd().body(Map.of("email", bob.email(), "role", "member")).post("/api/v1/orgs/" + orgId + "/members")
                .then().statusCode(201);
        UUID project = UUID.fromString(alice.prd().body(Map.of("name", "Checkout"))
                .post("/api/v1/orgs/" + orgId + "/projects").then().statusCode(201).extract().path("id"));
        UUID prd = UUID.fromString(alice.prd().body(Map.of("title", "One-click checkout", "content",
                "# One-click checkout\n")).post("/api/v1/projects/" + project + "/prds").then().statusCode(201)
                .extract().path("id"));
        alice.prd().body(Map.of("userIds", List.of(bobId))).put("/api/v1/prds/" + prd + "/approvers").then()
                .statusCode(200);
        alice.prd().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200);

        await().atMost(WAIT).until(() -> !bob.notifications().get("/api/v1/notifications?type=approval_requested")
                .then().statusCode(200).extract().jsonPath().getList("items").isEmpty());
        var n = bob.notifications().get("/api/v1/notifications?type=approval_requested").then().extract().jsonPath();
        assertThat(n.getString("items[0].prdId")).isEqualTo(prd.toString());
        assertThat(n.getString("items[0].title")).isEqualTo("Alice asks you to approve “One-click checkout”");
        Mails.Received mail = Mails.await(bob.email(), 1, WAIT).get(0);
        assertThat(mail.subject()).isEqualTo("Alice asks you to approve “One-click checkout”");
        assertThat(mail.text()).contains("/prds/" + prd);
        assertThat(alice.notifications().get("/api/v1/notifications").then().extract().jsonPath()
                .getList("items")).isEmpty();
        // bob may watch it now; alice (the owner) already does
        bob.notifications().get("/api/v1/prds/" + prd + "/watch").then().statusCode(200);
        alice.notifications().get("/api/v1/prds/" + prd + "/watch").then().body("state",
                org.hamcrest.Matchers.equalTo("watching"));

        bob.prd().body(Map.of()).post("/api/v1/prds/" + prd + "/approve").then().statusCode(200);
        await().atMost(WAIT).until(() -> !alice.notifications().get("/api/v1/notifications?type=prd_approved")
                .then().statusCode(200).extract().jsonPath().getList("items").isEmpty());
        assertThat(Mails.to(alice.email())).isEmpty(); // held for a moment first; the inbox has it at once
    }
}
