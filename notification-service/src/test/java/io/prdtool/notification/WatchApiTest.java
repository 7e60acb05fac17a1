package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static io.prdtool.notification.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.collab.CollaboratorActive;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Watching, muting and unwatching a PRD; manual choices are sticky. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class WatchApiTest {

    private static String watch(UUID prd) {
        return "/api/v1/prds/" + prd + "/watch";
    }

    @Test
    void theCreatorWatchesAndOthersMayChoose() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Watched");
        t.member().api().get(watch(prd)).then().statusCode(200).body("state", equalTo("watching"));
        t.viewer().api().get(watch(prd)).then().statusCode(200).body("state", equalTo("none"));
        t.viewer().api().body(Map.of("state", "watching")).put(watch(prd)).then().statusCode(200)
                .body("state", equalTo("watching"));
        t.viewer().api().body(Map.of("state", "bogus")).put(watch(prd)).then().statusCode(400);
        t.outsider().api().get(watch(prd)).then().statusCode(404).contentType("application/problem+json");
        t.outsider().api().body(Map.of("state", "watching")).put(watch(prd)).then().statusCode(404);
        t.member().api().get(watch(UUID.randomUUID())).then().statusCode(404);
    }

    @Test
    void anUnwatchIsStickyAndAMuteSilencesAllButApprovalRequests() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Sticky", t.admin());
        t.admin().api().delete(watch(prd)).then().statusCode(200).body("state", equalTo("none"));
        // editing later does not re-subscribe
        Events.publish(new CollaboratorActive(prd, t.orgId(), t.admin().id(), t.admin().subject(), 2, Instant.now(),
                Instant.now()));
        Events.publish(new CollaboratorActive(prd, t.orgId(), t.viewer().id(), t.viewer().subject(), 2,
                Instant.now(), Instant.now()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd
                + "' AND user_id = '" + t.viewer().id() + "'") == 1);
        t.admin().api().get(watch(prd)).then().body("state", equalTo("none"));

        t.viewer().api().body(Map.of("state", "muted")).put(watch(prd)).then().statusCode(200)
                .body("state", equalTo("muted"));
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id()));
        t.admin().await("approval_requested", 1); // asked to approve, even though they unwatched
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "in_review", "draft", t.member().id()));
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "draft", "archived", t.member().id()));
        t.owner().api().body(Map.of("state", "watching")).put(watch(prd)).then().statusCode(200);
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "archived", "draft", t.member().id()));
        t.owner().await("status_changed", 1);
        assertThat(t.viewer().notifications("status_changed")).isEmpty(); // muted
        assertThat(t.admin().notifications("status_changed")).isEmpty(); // unwatched
    }
}
