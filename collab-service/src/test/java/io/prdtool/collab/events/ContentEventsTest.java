package io.prdtool.collab.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ContentEventsTest {

    @TestHTTPResource("/")
    URI base;

    private static long events(Prd prd, String type) {
        return Fixtures.count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = ?", prd.id(), type);
    }

    @Test
    void aBurstOfEditsBecomesOneContentEventWithMarkdownAndOneActivityEventPerEditor() throws Exception {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")));
                YClient b = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("admin")))) {
            for (String word : new String[]{"Goals ", "and ", "non-goals"}) {
                a.insert(a.text().length(), word);
            }
            await().until(() -> b.text().equals("Goals and non-goals"));
            b.format(0, 5, Map.of("bold", true));
            await().atMost(Duration.ofSeconds(10)).until(() -> events(prd, "PrdContentChanged") == 1);
            Thread.sleep(1000); // longer than the quiet period: the burst stays one event
            assertThat(events(prd, "PrdContentChanged")).isEqualTo(1);
        }
        assertThat(Fixtures.string("SELECT payload->>'content' FROM outbox WHERE aggregate_id = ? AND event_type ="
                + " 'PrdContentChanged'", prd.id())).isEqualTo("**Goals** and non-goals");
        assertThat(Fixtures.string("SELECT payload->>'subject' FROM outbox WHERE aggregate_id = ? AND event_type ="
                + " 'PrdContentChanged'", prd.id())).startsWith("u-admin-");
        assertThat(Fixtures.count("SELECT count(*) FROM outbox o JOIN org_members m ON m.subject ="
                + " o.payload->>'subject' AND m.user_id = cast(o.payload->>'userId' as uuid) WHERE o.aggregate_id = ?"
                + " AND o.event_type = 'PrdContentChanged' AND o.organization_id = ? AND o.topic ="
                + " 'prdtool.collab.events'", prd.id(), prd.organizationId())).isEqualTo(1);
        assertThat(events(prd, "CollaboratorActive")).isEqualTo(2);
        assertThat(Fixtures.count("SELECT sum((payload->>'edits')::int) FROM outbox WHERE aggregate_id = ? AND"
                + " event_type = 'CollaboratorActive'", prd.id())).isEqualTo(4);
        // every row of the window names the last editor as its actor, and the activity is summarized per editor
        assertThat(Fixtures.count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND actor LIKE 'u-admin-%'",
                prd.id())).isEqualTo(3);
        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ? AND event_type ="
                + " 'edit'", prd.id())).isEqualTo(2);
        assertThat(Fixtures.count("SELECT sum((event_data->>'edits')::int) FROM collaboration_events WHERE prd_id = ?"
                + " AND event_type = 'edit'", prd.id())).isEqualTo(4);
        // the relay publishes them to Kafka
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.count("SELECT count(*) FROM outbox WHERE"
                + " aggregate_id = ? AND sent_at IS NOT NULL", prd.id()) == 3);
    }

    @Test
    void laterEditsPublishANewerRevision() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            a.insert(0, "v1");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(prd, "PrdContentChanged") == 1);
            a.insert(2, " v2");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(prd, "PrdContentChanged") == 2);
        }
        assertThat(Fixtures.string("SELECT payload->>'content' FROM outbox WHERE aggregate_id = ? AND event_type ="
                + " 'PrdContentChanged' ORDER BY (payload->>'revision')::bigint DESC LIMIT 1", prd.id()))
                .isEqualTo("v1 v2");
        assertThat(Fixtures.count("SELECT published_up_to FROM document_content_state WHERE prd_id = ?", prd.id()))
                .isEqualTo(Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id()));
    }

    @Test
    void contentTooLargeForOneEventIsNotPublishedButActivityIs() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            for (int i = 0; i < 3; i++) {
                a.insert(0, "x".repeat(120_000)); // 360 KB of Markdown, above the test outbox limit of 300 KB
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> events(prd, "CollaboratorActive") >= 1
                    && Fixtures.count("SELECT coalesce(max(published_up_to), 0) FROM document_content_state"
                            + " WHERE prd_id = ?", prd.id()) == Fixtures.count(
                                    "SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id()));
        }
        assertThat(events(prd, "PrdContentChanged")).isZero();
    }
}
