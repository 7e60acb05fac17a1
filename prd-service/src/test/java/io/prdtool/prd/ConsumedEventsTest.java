package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.prdtool.prd.summary.SummaryRefresher;
import io.prdtool.prd.support.Api;
import io.prdtool.prd.support.Events;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Events other services publish and what prd-service makes of them: content, search, activity, commit hashes. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ConsumedEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SummaryRefresher summaries;

    private String contentOf(Api.User who, UUID prd) {
        return who.as().get("/api/v1/prds/" + prd).then().statusCode(200).extract().path("content");
    }

    @Test
    void collabContentBecomesThePrdContentAndIsSearchable() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Live doc", "# Live doc\n");
        String text = "# Live doc\n\nEdited together: the quokka metric.\n";
        Events.publish(Topics.COLLAB, "DocumentContentChanged", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"content\":\"" + text.replace("\n", "\\n") + "\"}");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(contentOf(t.viewer(), prd)).isEqualTo(text));
        t.viewer().as().queryParam("q", "quokka").get("/api/v1/orgs/" + t.orgId() + "/search").then()
                .statusCode(200).body("items.id", equalTo(List.of(prd.toString())));
        assertThat(Api.count("SELECT count(*) FROM outbox WHERE event_type = 'PrdUpdated' AND aggregate_id = '" + prd
                + "' AND payload->>'source' = 'collab'")).isEqualTo(1);
    }

    @Test
    void collabEditOfAnApprovedPrdInvalidatesTheApproval() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Approved live", "# A\n");
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200);
        t.owner().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(200);
        Events.publish(Topics.COLLAB, "DocumentContentChanged", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"content\":\"# A changed\\n\"}");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> t.viewer().as().get("/api/v1/prds/" + prd).then()
                .body("status", equalTo("in_review")));
        assertThat(Api.events("PrdApprovalInvalidated", prd)).isEqualTo(1);
    }

    @Test
    void ignoresCollabContentClaimingAnotherTenant() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Mine", "# Mine\n");
        Events.publish(Topics.COLLAB, "DocumentContentChanged", prd, t.outsiderOrgId(), t.outsider().subject(),
                "{\"prdId\":\"" + prd + "\",\"content\":\"# Hijacked\\n\"}");
        // a later, legitimate event is applied: so the first one has been processed (same partition, in order)
        Events.publish(Topics.COLLAB, "DocumentContentChanged", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"content\":\"# Mine, edited\\n\"}");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(contentOf(t.viewer(), prd))
                .isEqualTo("# Mine, edited\n"));
        assertThat(Api.count("SELECT count(*) FROM outbox WHERE event_type = 'PrdUpdated' AND aggregate_id = '" + prd
                + "' AND payload->>'source' = 'collab'")).isEqualTo(1);
    }

    @Test
    void summariesCountCollaboratorsFromCollabActivityAfterRefresh() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        UUID prd = t.prd(project, "Busy", "# Busy\n");
        t.member().as().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(201);
        UUID memberId = t.member().id();
        UUID adminId = t.admin().id();
        UUID first = Events.publish(Topics.COLLAB, "UserJoined", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"userId\":\"" + memberId + "\"}");
        Events.publish(Topics.COLLAB, "UserJoined", prd, t.orgId(), t.admin().subject(),
                "{\"prdId\":\"" + prd + "\"}");
        Events.publish(Topics.COLLAB, "UserLeft", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"userId\":\"" + memberId + "\"}");
        Awaitility.await().atMost(WAIT).until(() -> Api.count(
                "SELECT coalesce(sum(event_count), 0) FROM prd_collab_activity WHERE prd_id = '" + prd + "'") == 3);
        assertThat(Api.count("SELECT count(*) FROM prd_collab_activity WHERE prd_id = '" + prd + "' AND user_id = '"
                + adminId + "'")).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM inbox WHERE event_id = '" + first + "'")).isEqualTo(1);
        summaries.refresh().await().atMost(Duration.ofSeconds(30));
        t.viewer().as().get("/api/v1/projects/" + project + "/prd-summaries").then().statusCode(200)
                .body("items[0].id", equalTo(prd.toString()))
                .body("items[0].collaboratorCount", equalTo(2))
                .body("items[0].versionCount", equalTo(2))
                .body("items[0].createdByName", equalTo("member"));
        t.outsider().as().get("/api/v1/projects/" + project + "/prd-summaries").then().statusCode(404);
        Api.anonymous().get("/api/v1/projects/" + project + "/prd-summaries").then().statusCode(401);
    }

    @Test
    void recordsTheCommitHashReportedByTheGitIntegration() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Committed", "# C\n");
        Events.publish(Topics.INTEGRATION, "PrdVersionCommitted", prd, t.orgId(), "system:integration-service",
                "{\"prdId\":\"" + prd + "\",\"organizationId\":\"" + t.orgId()
                        + "\",\"version\":\"1.0.0\",\"commitHash\":\"0123456789abcdef0123456789abcdef01234567\"}");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> t.viewer().as().get("/api/v1/prds/" + prd
                + "/versions/1.0.0").then().body("commitHash", equalTo("0123456789abcdef0123456789abcdef01234567")));
    }
}
