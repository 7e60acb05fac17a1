package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static io.prdtool.notification.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.Fixture.User;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.events.collab.CollaboratorActive;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.events.integration.IntegrationDeliveryDead;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.prd.PrdApprovalInvalidated;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.shared.events.prd.PrdDeleted;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Events in, notifications out: who hears about what, exactly once, from the projection alone.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class NotificationRulesTest {

    private static final String HASH = "0".repeat(64);

    private static UUID submit(Tenant t, UUID prd, User actor) {
        return Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", actor.id()));
    }

    @Test
    void approvalRequestReachesTheNamedApproversButNotTheActor() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Checkout", t.viewer(), t.member());
        submit(t, prd, t.member());

        var got = t.viewer().await("approval_requested", 1);
        assertThat(got.get(0)).containsEntry("prdId", prd.toString()).containsEntry("prdTitle", "Checkout")
                .containsEntry("read", false);
        assertThat((String) got.get(0).get("title")).contains("Checkout").contains(t.member().name());
        // the member named themselves as approver and submitted it: no notification about their own action
        assertThat(t.member().notifications("approval_requested")).isEmpty();
        assertThat(t.owner().notifications("approval_requested")).isEmpty();
    }

    @Test
    void withoutApproversOwnersAndAdminsAreAsked() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Search");
        submit(t, prd, t.member());

        t.owner().await("approval_requested", 1);
        t.admin().await("approval_requested", 1);
        assertThat(t.viewer().notifications("approval_requested")).isEmpty();
        // the approvers now watch the PRD
        assertThat(count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd + "' AND reason = 'approver'"))
                .isEqualTo(2);
    }

    @Test
    void aRedeliveredEventNotifiesOnce() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Retry", t.admin());
        UUID id = UUID.randomUUID();
        PrdStatusChanged e = new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id());
        Events.publish(id, e);
        Events.publish(id, e);
        t.admin().await("approval_requested", 1);
        // a later event is consumed after both copies, so nothing more is coming from them
        Events.publish(new PrdVersionCreated(prd, t.orgId(), null, UUID.randomUUID(), "0.2.0", "0.1.0", "minor",
                "More", null, HASH, t.member().id(), "Retry", "retry", "in_review", null, 10));
        t.admin().await("version_created", 1);
        assertThat(t.admin().notifications("approval_requested")).hasSize(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE source_event_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void approvalNotifiesOwnerAndWatchersNotTheApprover() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Pricing", t.admin());
        Events.publish(new CollaboratorActive(prd, t.orgId(), t.viewer().id(), t.viewer().subject(), 3,
                Instant.now(), Instant.now()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd
                + "' AND user_id = '" + t.viewer().id() + "' AND reason = 'edited'") == 1);
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "in_review", "approved", t.admin().id()));
        Events.publish(new PrdApproved(prd, t.orgId(), null, t.admin().id(), Instant.now(), HASH, "0.1.0"));

        t.member().await("prd_approved", 1);
        t.viewer().await("prd_approved", 1);
        assertThat(t.admin().notifications("prd_approved")).isEmpty();
        // the status change to approved has its own event: no separate "status changed"
        assertThat(t.viewer().notifications("status_changed")).isEmpty();
    }

    @Test
    void anInvalidatedApprovalReachesOwnerPreviousApproverAndWatchers() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Billing");
        Events.publish(new PrdApprovalInvalidated(prd, t.orgId(), null, t.admin().id(), Instant.now(), HASH,
                "1".repeat(64), "approved", "in_review", "content_changed", t.owner().id()));
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "approved", "in_review", t.owner().id()));

        t.member().await("approval_invalidated", 1);
        t.admin().await("approval_invalidated", 1);
        assertThat(t.owner().notifications("approval_invalidated")).isEmpty(); // the editor
        // going back to review after an invalidation is not a new approval request
        assertThat(t.admin().notifications("approval_requested")).isEmpty();
    }

    @Test
    void editsToAWatchedPrdAreGroupedPerRecipient() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Onboarding");
        for (User editor : List.of(t.owner(), t.admin(), t.owner())) {
            Events.publish(new PrdUpdated(prd, t.orgId(), null, "Onboarding", "onboarding", HASH,
                    List.of("content"), "collab", editor.id(), List.of()));
        }
        await().atMost(WAIT).until(() -> {
            var n = t.member().notifications("prd_updated");
            return n.size() == 1 && ((Map<?, ?>) n.get(0).get("data")).get("count").equals(3);
        });
        Map<String, Object> n = t.member().notifications("prd_updated").get(0);
        assertThat((String) n.get("title")).contains("3 times").contains(t.owner().name()).contains(t.admin().name());
        // an approvers-only change is not an edit
        Events.publish(new PrdUpdated(prd, t.orgId(), null, "Onboarding", "onboarding", HASH, List.of("approvers"),
                "api", t.owner().id(), List.of(t.viewer().id())));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd
                + "' AND user_id = '" + t.viewer().id() + "'") == 1);
        assertThat(t.member().notifications("prd_updated")).hasSize(1);
    }

    @Test
    void statusChangesAndVersionsReachWatchers() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Reports");
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "approved", "published", t.owner().id()));
        Events.publish(new PrdVersionCreated(prd, t.orgId(), null, UUID.randomUUID(), "1.0.0", "0.1.0", "major",
                "First release", null, HASH, t.owner().id(), "Reports", "reports", "published", null, 10));
        var status = t.member().await("status_changed", 1);
        assertThat((String) status.get(0).get("title")).contains("published");
        var version = t.member().await("version_created", 1);
        assertThat(version.get(0)).containsEntry("body", "First release");
        assertThat(t.owner().notifications("status_changed")).isEmpty();
    }

    @Test
    void onlyNewMentionsOfMembersNotifyAndOlderRevisionsAreIgnored() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Mentions");
        User stranger = Fixture.user("stranger");
        Fixture.provision(stranger);
        String first = "# Mentions\n\nAsk @[Admin](mention:" + t.admin().id() + ") and @" + t.viewer().email()
                + " and @" + stranger.email() + ".\n\n```\n@" + t.owner().email() + " in code\n```\n";
        Events.publish(content(t, prd, t.member(), first, 10));
        t.admin().await("mention", 1);
        t.viewer().await("mention", 1);

        // the same mentions again plus the owner: only the owner is new; a stale revision changes nothing
        Events.publish(content(t, prd, t.member(), "Old text mentioning @" + t.owner().email(), 5));
        Events.publish(content(t, prd, t.member(), first + "\nAlso @" + t.owner().email().toUpperCase(), 11));
        t.owner().await("mention", 1);
        assertThat(t.admin().notifications("mention")).hasSize(1);
        assertThat(t.viewer().notifications("mention")).hasSize(1);
        // mentioned users watch the PRD now; a non-member is nobody here
        assertThat(count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd + "' AND reason = 'mentioned'"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM notifications WHERE recipient_id = '" + stranger.id() + "'"))
                .isZero();
        assertThat(count("SELECT revision FROM prd_mentions WHERE prd_id = '" + prd + "'")).isEqualTo(11);
    }

    @Test
    void selfMentionsDoNotNotify() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Self");
        Events.publish(content(t, prd, t.admin(), "@" + t.admin().email() + " and @" + t.viewer().email(), 1));
        t.viewer().await("mention", 1);
        assertThat(t.admin().notifications("mention")).isEmpty();
    }

    @Test
    void integrationAndBudgetEventsReachOwnersAndAdmins() {
        Tenant t = Fixture.tenant();
        UUID integration = UUID.randomUUID();
        Events.publish(new IntegrationDisabled(integration, t.orgId(), "slack", "Team chat", "auth",
                "401 from Slack", 3, Instant.now(), null));
        Events.publish(new IntegrationDeliveryDead(UUID.randomUUID(), integration, t.orgId(), "jira", "jira.push",
                null, 6, 500, "Internal error", Instant.now()));
        Events.publish(new AiBudgetThresholdReached(t.orgId(), "2026-12", 80, 80_000, 100_000, Instant.now()));
        for (User u : List.of(t.owner(), t.admin())) {
            assertThat((String) u.await("integration_disabled", 1).get(0).get("title")).contains("Team chat");
            u.await("integration_delivery_dead", 1);
            assertThat((String) u.await("ai_budget_threshold", 1).get(0).get("title")).contains("80");
        }
        assertThat(t.member().inbox().getList("items")).isEmpty();
    }

    @Test
    void aManualDisableDoesNotNotifyTheAdminWhoDidIt() {
        Tenant t = Fixture.tenant();
        Events.publish(new IntegrationDisabled(UUID.randomUUID(), t.orgId(), "slack", "Ops", "manual", null, 0,
                Instant.now(), t.admin().id()));
        t.owner().await("integration_disabled", 1);
        assertThat(t.admin().notifications("integration_disabled")).isEmpty();
    }

    @Test
    void aRemovedMemberSeesNothingMoreOfTheOrganization() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Leaving", t.viewer());
        submit(t, prd, t.member());
        t.viewer().await("approval_requested", 1);
        Events.publish(new MemberRemoved(t.orgId(), t.viewer().id(), t.viewer().subject()));
        await().atMost(WAIT).until(() -> t.viewer().inbox().getList("items").isEmpty());
        t.viewer().api().get("/api/v1/prds/" + prd + "/watch").then().statusCode(404);
        // and later events about the PRD pass them by
        Events.publish(new PrdVersionCreated(prd, t.orgId(), null, UUID.randomUUID(), "0.2.0", "0.1.0", "minor",
                null, null, HASH, t.member().id(), "Leaving", "leaving", "in_review", null, 10));
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "in_review", "draft", t.member().id()));
        t.owner().await("status_changed", 0);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM inbox WHERE consumer = 'notification.prd'"
                + " AND processed_at > now() - interval '1 minute'") > 0);
        assertThat(count("SELECT count(*) FROM notifications WHERE recipient_id = '" + t.viewer().id() + "'"))
                .isZero();
    }

    @Test
    void aDeletedPrdLeavesNothingBehind() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Doomed", t.admin());
        submit(t, prd, t.member());
        t.admin().await("approval_requested", 1);
        Events.publish(new PrdDeleted(prd, t.orgId(), null, "Doomed", t.owner().id()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notifications WHERE prd_id = '" + prd + "'") == 0
                && count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd + "'") == 0);
        assertThat(t.admin().notifications("approval_requested")).isEmpty();
        t.member().api().get("/api/v1/prds/" + prd + "/watch").then().statusCode(404);
    }

    @Test
    void poisonEventsAreDeadLetteredAndTheConsumerKeepsGoing() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Poison", t.admin());
        String key = prd.toString();
        // not a CloudEvent; an event without its data; an event whose data is not JSON
        Events.send(Topics.PRD, key, new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8));
        RecordHeaders noData = Events.headers(UUID.randomUUID(),
                new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id()));
        Events.send(Topics.PRD, key, noData, "{\"prdId\": null}".getBytes(StandardCharsets.UTF_8));
        RecordHeaders garbage = Events.headers(UUID.randomUUID(),
                new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id()));
        Events.send(Topics.PRD, key, garbage, "{{{ not json".getBytes(StandardCharsets.UTF_8));
        submit(t, prd, t.member());
        t.admin().await("approval_requested", 1);
        var dead = TopicProbe.read(Topics.deadLetter("notification-service"),
                r -> key.equals(r.key()), 3, Duration.ofSeconds(30));
        assertThat(dead).hasSizeGreaterThanOrEqualTo(3);
        assertThat(TopicProbe.header(dead.get(0), "dead-letter-reason")).isNotBlank();
    }

    private static PrdContentChanged content(Tenant t, UUID prd, User editor, String text, long revision) {
        return new PrdContentChanged(prd, t.orgId(), editor.id(), editor.subject(), text, HASH, text.length(),
                revision, Instant.now());
    }
}
