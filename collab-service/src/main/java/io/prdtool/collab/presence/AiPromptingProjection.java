package io.prdtool.collab.presence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.config.CollabConfig;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.ai.AiInteractionCancelled;
import io.prdtool.shared.events.ai.AiInteractionCompleted;
import io.prdtool.shared.events.ai.AiInteractionFailed;
import io.prdtool.shared.events.ai.AiInteractionStarted;
import io.prdtool.shared.inbox.Inbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps {@code ai_interactions} current from ai-service's interaction events, each applied once (inbox): an
 * {@link AiInteractionStarted} is remembered until its end ({@link AiInteractionCompleted}, {@link AiInteractionFailed}
 * or {@link AiInteractionCancelled}) or, at the latest, {@code prdtool.collab.presence.ai-prompting-max} after it
 * started. {@link PresenceResource} shows the user's sessions on that PRD as "ai-prompting" in between, whatever their
 * clients announce. Each start is also recorded as one {@code ai_prompt} collaboration event (per interaction, not per
 * session). An end that arrives before its start is stored on its own, and the start then finds it. Other AI events
 * are not for collab-service.
 */
@ApplicationScoped
public class AiPromptingProjection {

    private static final Logger LOG = Logger.getLogger(AiPromptingProjection.class);
    static final String CONSUMER = "collab.presence.ai";

    /** The start, and its collaboration event when this is the first time the start is stored. */
    private static final String STARTED = "WITH started AS (INSERT INTO ai_interactions (interaction_id, prd_id,"
            + " user_subject, started_at, expires_at)"
            + " VALUES ($1, $2, $3, $4, $4::timestamptz + make_interval(secs => $5))"
            + " ON CONFLICT (interaction_id) DO UPDATE SET prd_id = excluded.prd_id,"
            + " user_subject = excluded.user_subject, started_at = excluded.started_at,"
            + " expires_at = greatest(ai_interactions.expires_at, excluded.expires_at)"
            + " WHERE ai_interactions.started_at IS NULL"
            + " RETURNING interaction_id, prd_id, user_subject, started_at)"
            + " INSERT INTO collaboration_events (prd_id, user_subject, event_type, event_data, created_at)"
            + " SELECT prd_id, user_subject, 'ai_prompt', jsonb_build_object('interaction', interaction_id, 'action',"
            + " $6::text, 'source', 'ai-service'), started_at FROM started";

    /**
     * The end. Kept until its start can no longer count (a start precedes its end, so it counts until at most the
     * end's time plus the maximum; now() covers a clock behind ours).
     */
    private static final String ENDED = "INSERT INTO ai_interactions (interaction_id, prd_id, user_subject, ended_at,"
            + " expires_at) VALUES ($1, $2, $3, $4, greatest($4::timestamptz, now()) + make_interval(secs => $5))"
            + " ON CONFLICT (interaction_id) DO UPDATE SET ended_at = coalesce(ai_interactions.ended_at,"
            + " excluded.ended_at), expires_at = greatest(ai_interactions.expires_at, excluded.expires_at)";

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    CollabConfig config;

    @Incoming("ai-events")
    public Uni<Void> onAiEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "AiInteractionStarted" -> {
                AiInteractionStarted e = read(event, AiInteractionStarted.class);
                if (e.prdId() == null) {
                    yield Uni.createFrom().voidItem(); // a call about no PRD (the provider check): no presence
                }
                require(event, e.interactionId() != null && e.subject() != null
                        && e.startedAt() != null, "interactionId, subject and startedAt");
                yield apply(event, c -> c.preparedQuery(STARTED).execute(Tuple.from(new Object[]{
                        e.interactionId(), e.prdId(), e.subject(), utc(e.startedAt()), maxSeconds(), e.action()})));
            }
            case "AiInteractionCompleted" -> {
                AiInteractionCompleted e = read(event, AiInteractionCompleted.class);
                yield ended(event, e.interactionId(), e.prdId(), e.subject(), e.completedAt());
            }
            case "AiInteractionFailed" -> {
                AiInteractionFailed e = read(event, AiInteractionFailed.class);
                yield ended(event, e.interactionId(), e.prdId(), e.subject(), e.failedAt());
            }
            case "AiInteractionCancelled" -> {
                AiInteractionCancelled e = read(event, AiInteractionCancelled.class);
                yield ended(event, e.interactionId(), e.prdId(), e.subject(), e.cancelledAt());
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> ended(EventEnvelope event, UUID interactionId, UUID prdId, String subject, Instant at) {
        if (prdId == null) {
            return Uni.createFrom().voidItem(); // a call about no PRD: it never showed anyone
        }
        require(event, interactionId != null, "interactionId");
        Instant endedAt = at != null ? at : event.time();
        return apply(event, c -> c.preparedQuery(ENDED).execute(Tuple.from(new Object[]{interactionId, prdId,
                subject, utc(endedAt), maxSeconds()})));
    }

    private Uni<Void> apply(EventEnvelope event, Function<SqlConnection, Uni<?>> effect) {
        return inbox.onceWithConnectionWaitingOutOutages(event.id(), CONSUMER, effect).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("%s %s not applied: %s", event.eventType(), event.id(),
                        failure.getMessage()));
    }

    /** Interactions that can no longer show anyone as prompting, nor meet a late start, are forgotten. */
    @Scheduled(every = "${prdtool.collab.presence.cleanup-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return pool.query("DELETE FROM ai_interactions WHERE expires_at < now()").execute().replaceWithVoid();
    }

    private double maxSeconds() {
        return (double) config.presence().aiPromptingMax().toMillis() / 1000;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static void require(EventEnvelope event, boolean present, String fields) {
        if (!present) {
            LOG.warnf("%s %s lacks %s", event.eventType(), event.id(), fields);
            throw new EventEnvelope.InvalidEventException(event.eventType() + " needs " + fields);
        }
    }

    private <T> T read(EventEnvelope event, Class<T> type) {
        try {
            return mapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            LOG.warnf("Unreadable %s %s: %s", event.eventType(), event.id(), e.getOriginalMessage());
            throw new EventEnvelope.InvalidEventException("unreadable " + event.eventType() + ": "
                    + e.getOriginalMessage());
        }
    }
}
