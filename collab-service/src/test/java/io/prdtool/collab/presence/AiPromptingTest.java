package io.prdtool.collab.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.YClient;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * ai-service's interaction events drive "ai-prompting" presence. The events are written to an outbox and published by
 * the real relay as CloudEvents keyed by interaction id, exactly as ai-service does it; presence is read over REST.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class AiPromptingTest {

    static final String DLQ = "prdtool.ai.events.dlq";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROMPTING = "ai-prompting";

    @TestHTTPResource("/")
    URI base;

    @Inject
    CollabConfig config;

    @Inject
    AiPromptingProjection projection;

    /** Publishes an AI event through the outbox; returns its CloudEvents id. */
    private static UUID publish(String type, UUID interactionId, UUID org, String payload) {
        return UUID.fromString(Fixtures.string("INSERT INTO outbox (topic, event_type, aggregate_type, aggregate_id,"
                + " organization_id, payload) VALUES (?, ?, 'ai_interaction', ?, ?, ?::jsonb) RETURNING id::text",
                Topics.AI, type, interactionId, org, payload));
    }

    private static UUID started(Prd prd, UUID interaction, String subject, Instant at) {
        return publish("AiInteractionStarted", interaction, prd.organizationId(), """
                {"interactionId":"%s","organizationId":"%s","prdId":"%s","userId":null,"subject":"%s",
                "action":"improve","provider":"openai","model":"gpt-4o-mini","startedAt":"%s"}"""
                .formatted(interaction, prd.organizationId(), prd.id(), subject, at));
    }

    private static UUID ended(String type, Prd prd, UUID interaction, String subject) {
        String common = """
                "interactionId":"%s","organizationId":"%s","prdId":"%s","userId":null,"subject":"%s",
                "action":"improve","provider":"openai","modelRequested":"gpt-4o-mini","promptTokens":120,
                "responseTokens":80,"usageEstimated":false,"durationMs":900"""
                .formatted(interaction, prd.organizationId(), prd.id(), subject);
        String own = switch (type) {
            case "AiInteractionCompleted" -> """
                    "modelReturned":"gpt-4o-mini","promptVersion":"improve.v1","timeToFirstTokenMs":300,
                    "suggestionCount":1,"completedAt":"%s\"""".formatted(Instant.now());
            case "AiInteractionFailed" -> """
                    "errorCode":"timeout","errorMessage":"the provider did not answer","failedAt":"%s\""""
                    .formatted(Instant.now());
            default -> """
                    "reason":"cancelled","cancelledAt":"%s\"""".formatted(Instant.now());
        };
        return publish(type, interaction, prd.organizationId(), "{" + common + "," + own + "}");
    }

    /** The statuses of {@code subject}'s sessions on the PRD, as the presence endpoint answers. */
    private List<String> statuses(Prd prd, String token, String subject) {
        List<Map<String, Object>> sessions = given().auth().oauth2(token)
                .when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(200).extract().jsonPath().getList("");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> s : sessions) {
            if (subject.equals(s.get("userSubject"))) {
                out.add((String) s.get("status"));
            }
        }
        return out;
    }

    /** {@code sessions} sessions, none of them prompting (viewing or editing, as their clients say). */
    private static boolean notPrompting(List<String> statuses, int sessions) {
        return statuses.size() == sessions && !statuses.contains(PROMPTING);
    }

    private static boolean applied(UUID eventId) {
        return Fixtures.count("SELECT count(*) FROM inbox WHERE consumer = 'collab.presence.ai' AND event_id = ?",
                eventId) == 1;
    }

    private static long aiPrompts(Prd prd, String subject) {
        return Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ? AND user_subject = ? AND"
                + " event_type = 'ai_prompt'", prd.id(), subject);
    }

    private YClient connect(Prd prd, String token) {
        return YClient.connectSynced(YClient.url(base.getPort(), prd.id(), token));
    }

    private static String subject(String role) {
        return "u-" + role + "-" + UUID.randomUUID();
    }

    @Test
    void everySessionOfTheUserOnThatPrdShowsAiPromptingWhileTheInteractionRunsAndRevertsWhenItEnds() {
        Prd prd = Fixtures.newPrd();
        Prd sibling = prd.sibling();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        String annToken = prd.member("member", ann);
        String bob = subject("member");
        try (YClient laptop = connect(prd, annToken);
                YClient tablet = connect(prd, annToken);
                YClient elsewhere = connect(sibling, annToken);
                YClient bobs = connect(prd, prd.member("member", bob))) {
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).size() == 2
                    && statuses(prd, viewer, bob).size() == 1 && statuses(sibling, viewer, ann).size() == 1);

            UUID interaction = UUID.randomUUID();
            started(prd, interaction, ann, Instant.now());
            await().atMost(WAIT)
                    .until(() -> statuses(prd, viewer, ann).equals(List.of(PROMPTING, PROMPTING)));
            assertThat(statuses(prd, viewer, bob)).hasSize(1).doesNotContain(PROMPTING);
            assertThat(statuses(sibling, viewer, ann)).hasSize(1).doesNotContain(PROMPTING);
            // one collaboration event for the interaction, not one per session
            assertThat(aiPrompts(prd, ann)).isEqualTo(1);
            assertThat(Fixtures.string("SELECT event_data->>'interaction' FROM collaboration_events WHERE prd_id = ?"
                    + " AND event_type = 'ai_prompt'", prd.id())).isEqualTo(interaction.toString());

            ended("AiInteractionCompleted", prd, interaction, ann);
            await().atMost(WAIT).until(() -> notPrompting(statuses(prd, viewer, ann), 2));
            assertThat(aiPrompts(prd, ann)).isEqualTo(1);
        }
    }

    @Test
    void failedAndCancelledEndAnInteractionTooAndAUserPromptsUntilTheirLastInteractionEnds() {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        try (YClient client = connect(prd, prd.member("member", ann))) {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            started(prd, first, ann, Instant.now());
            started(prd, second, ann, Instant.now());
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).equals(List.of(PROMPTING)));

            UUID failed = ended("AiInteractionFailed", prd, first, ann);
            await().atMost(WAIT).until(() -> applied(failed));
            assertThat(statuses(prd, viewer, ann)).as("the second still runs").containsExactly(PROMPTING);

            // other AI events are not for collab-service: skipped, not even recorded (keyed like the second
            // interaction, so it is consumed before that interaction's end)
            UUID suggestion = publish("AiSuggestionCreated", second, prd.organizationId(),
                    "{\"prdId\":\"%s\",\"subject\":\"%s\"}".formatted(prd.id(), ann));
            ended("AiInteractionCancelled", prd, second, ann);
            await().atMost(WAIT).until(() -> notPrompting(statuses(prd, viewer, ann), 1));
            assertThat(applied(suggestion)).isFalse();
            assertThat(aiPrompts(prd, ann)).isEqualTo(2);
        }
    }

    @Test
    void anEndDeliveredBeforeItsStartLeavesNobodyPrompting() {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        try (YClient client = connect(prd, prd.member("member", ann))) {
            UUID interaction = UUID.randomUUID();
            Instant startedAt = Instant.now();
            // one key, one partition: the end arrives first, as after a redelivery of the end alone
            UUID end = ended("AiInteractionCompleted", prd, interaction, ann);
            UUID start = started(prd, interaction, ann, startedAt);
            await().atMost(WAIT).until(() -> applied(start));
            assertThat(Fixtures.count("SELECT count(*) FROM inbox e, inbox s WHERE e.consumer = s.consumer AND"
                    + " e.event_id = ? AND s.event_id = ? AND e.processed_at < s.processed_at", end, start))
                    .as("the end was applied before the start").isEqualTo(1);
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).size() == 1);
            assertThat(statuses(prd, viewer, ann)).hasSize(1).doesNotContain(PROMPTING);
            // the prompt itself happened
            assertThat(aiPrompts(prd, ann)).isEqualTo(1);
        }
    }

    @Test
    void anInteractionWhoseEndNeverArrivesStopsShowingAfterTheMaximum() {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        Duration max = config.presence().aiPromptingMax();
        try (YClient client = connect(prd, prd.member("member", ann))) {
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).size() == 1);
            // already past the maximum when it arrives (ai-service crashed long ago, the consumer lagged)
            UUID expired = UUID.randomUUID();
            UUID late = started(prd, expired, ann, Instant.now().minus(max).minusSeconds(60));
            await().atMost(WAIT).until(() -> applied(late));
            assertThat(statuses(prd, viewer, ann)).hasSize(1).doesNotContain(PROMPTING);

            // reaches the maximum a few seconds from now, its end never comes
            started(prd, UUID.randomUUID(), ann, Instant.now().minus(max).plusSeconds(12));
            await().atMost(Duration.ofSeconds(12))
                    .until(() -> statuses(prd, viewer, ann).equals(List.of(PROMPTING)));
            await().atMost(WAIT).until(() -> notPrompting(statuses(prd, viewer, ann), 1));
        }
        projection.forgetExpired().await().atMost(Duration.ofSeconds(10));
        assertThat(Fixtures.count("SELECT count(*) FROM ai_interactions WHERE user_subject = ?", ann)).isZero();
    }

    @Test
    void malformedAiEventsGoToTheDeadLetterTopicAndTheChannelKeepsConsuming() throws Exception {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        UUID interaction = UUID.randomUUID();
        try (YClient client = connect(prd, prd.member("member", ann))) {
            // all on the partition of the interaction's key, ahead of its good start
            try (KafkaProducer<String, byte[]> producer = rawProducer()) {
                producer.send(new ProducerRecord<>(Topics.AI, null, interaction.toString(), bytes("{{{ not json"),
                        new RecordHeaders())).get(30, TimeUnit.SECONDS);
            }
            publish("AiInteractionStarted", interaction, prd.organizationId(), """
                    {"interactionId":"%s","prdId":"not-a-uuid","subject":"%s","startedAt":"%s"}"""
                    .formatted(interaction, ann, Instant.now()));
            publish("AiInteractionStarted", interaction, prd.organizationId(), """
                    {"interactionId":"%s","prdId":"%s","startedAt":"%s"}""".formatted(interaction, prd.id(),
                    Instant.now()));
            started(prd, interaction, ann, Instant.now());
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).equals(List.of(PROMPTING)));
        }
        List<ConsumerRecord<String, byte[]>> dead = deadLettered(interaction.toString(), 3);
        assertThat(dead).allSatisfy(r -> {
            assertThat(EventEnvelope.header(r.headers(), "dead-letter-reason")).isNotBlank();
            assertThat(EventEnvelope.header(r.headers(), "dead-letter-topic")).isEqualTo(Topics.AI);
        });
        assertThat(dead).extracting(r -> EventEnvelope.header(r.headers(), "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).contains("CloudEvents"))
                .anySatisfy(reason -> assertThat(reason).contains("unreadable AiInteractionStarted"))
                .anySatisfy(reason -> assertThat(reason).contains("needs interactionId, subject"));
        assertThat(aiPrompts(prd, ann)).isEqualTo(1);
    }

    @Test
    void aCallAboutNoPrdShowsNobodyAndIsNotDeadLettered() throws Exception {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        String ann = subject("member");
        UUID check = UUID.randomUUID();
        UUID interaction = UUID.randomUUID();
        try (YClient client = connect(prd, prd.member("member", ann))) {
            // the provider check of ai-service's settings API: an interaction without a PRD, on the partition of the
            // good start that follows (so both were handled by the time that one shows)
            publish("AiInteractionStarted", interaction, prd.organizationId(), """
                    {"interactionId":"%s","prdId":null,"subject":"%s","startedAt":"%s"}"""
                    .formatted(check, ann, Instant.now()));
            publish("AiInteractionCompleted", interaction, prd.organizationId(), """
                    {"interactionId":"%s","prdId":null,"subject":"%s","completedAt":"%s"}"""
                    .formatted(check, ann, Instant.now()));
            started(prd, interaction, ann, Instant.now());
            await().atMost(WAIT).until(() -> statuses(prd, viewer, ann).equals(List.of(PROMPTING)));
        }
        assertThat(TopicProbe.read(DLQ, r -> interaction.toString().equals(r.key()), 1, Duration.ofSeconds(3)))
                .isEmpty();
    }

    /** Waits until the dead-letter topic holds {@code count} records with {@code key}, and returns them. */
    private static List<ConsumerRecord<String, byte[]>> deadLettered(String key, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ai-prompting-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(DLQ));
            await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
        }
        return found;
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
