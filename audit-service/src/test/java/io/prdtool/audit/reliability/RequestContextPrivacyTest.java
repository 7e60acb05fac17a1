package io.prdtool.audit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A caller's IP address and user agent reach the activity log, but not the consumers of the domain topics: the
 * domain event goes out without them, a RequestContextCaptured beside it on the audit topic only.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class RequestContextPrivacyTest extends AuditTestBase {

    @Test
    void theDomainTopicCarriesNoIpOrUserAgentAndTheActivityLogStillShowsThem() {
        UUID org = organization("alice");
        UUID prd = UUID.randomUUID();
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(prd, org, "PrdCreated", 0)));

        List<ConsumerRecord<String, byte[]>> domain = TopicProbe.read(Topics.PRD,
                r -> prd.toString().equals(r.key()), 1, WAIT);
        assertThat(domain).hasSize(1);
        ConsumerRecord<String, byte[]> event = domain.get(0);
        assertThat(TopicProbe.header(event, "ce_clientip")).isNull();
        assertThat(TopicProbe.header(event, "ce_useragent")).isNull();
        assertThat(new String(event.value(), StandardCharsets.UTF_8)).doesNotContain("203.0.113.7");
        assertThat(TopicProbe.header(event, "ce_actor")).isEqualTo("alice");

        String eventId = TopicProbe.header(event, "ce_id");
        List<ConsumerRecord<String, byte[]>> context = TopicProbe.read(Topics.AUDIT_CHANGES,
                r -> eventId.equals(r.key()), 1, WAIT);
        assertThat(context).hasSize(1);
        assertThat(TopicProbe.header(context.get(0), "ce_type")).isEqualTo("io.prdtool.RequestContextCaptured");
        assertThat(TopicProbe.header(context.get(0), "ce_clientip")).isEqualTo("203.0.113.7");
        assertThat(new String(context.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"userAgent\":\"AuditTest/1.0\"")
                .contains("\"eventTopic\":\"" + Topics.PRD + "\"");

        awaitCount(1, "SELECT count(*) FROM activity_logs JOIN activity_request_context ON event_id = id"
                + " WHERE organization_id = $1 AND host(context_ip) = '203.0.113.7'"
                + " AND context_user_agent = 'AuditTest/1.0'", org);
    }

    @Test
    void anEventWithoutARequestGetsNoContextRecord() {
        UUID org = organization("system-owner");
        UUID prd = UUID.randomUUID();
        commit(new io.prdtool.shared.tx.ActorContext("system:test", null, null), org,
                List.of(Happened.prd(prd, org, "PrdCreated", 0)));
        List<ConsumerRecord<String, byte[]>> domain = TopicProbe.read(Topics.PRD,
                r -> prd.toString().equals(r.key()), 1, WAIT);
        String eventId = TopicProbe.header(domain.get(0), "ce_id");
        awaitActivity(org, 2);
        assertThat(count("SELECT count(*) FROM activity_request_context WHERE event_id = $1",
                UUID.fromString(eventId))).isZero();
    }
}
