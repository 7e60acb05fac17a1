package io.prdtool.audit.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.audit.AuditConfig;
import io.prdtool.audit.membership.MembershipProjection;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgEvent;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one consumer of audit-service: every domain topic and the row-change topic. Each event is applied once
 * (inbox, same transaction): a row change appends to its organization's hash chain; any other event becomes an
 * activity-log entry, and organization events also update the membership projection. A record that is not a valid
 * event fails at once, an effect that keeps failing fails after {@code maxAttempts}; both go to the dead-letter topic
 * (SmallRye {@code dead-letter-queue} strategy: reason in the {@code dead-letter-reason} header) and the partition
 * moves on.
 */
@ApplicationScoped
public class AuditIngest {

    private static final Logger LOG = Logger.getLogger(AuditIngest.class);

    /** The inbox consumer name: one per effect, stable across releases. */
    public static final String CONSUMER = "audit-service";

    static final UUID NO_ORGANIZATION = new UUID(0, 0);

    private static final Map<String, Class<? extends OrgEvent>> ORG_EVENTS = Map.of(
            "OrganizationCreated", OrganizationCreated.class,
            "OrganizationDeleted", OrganizationDeleted.class,
            "MemberAdded", MemberAdded.class,
            "MemberRoleChanged", MemberRoleChanged.class,
            "MemberRemoved", MemberRemoved.class);

    private static final String INSERT_ACTIVITY = "INSERT INTO activity_logs (id, organization_id, user_id, actor,"
            + " resource_type, resource_id, action, source, topic, changes, ip_address, user_agent, created_at)"
            + " VALUES ($1, $2, (SELECT m.user_id FROM org_members m WHERE m.organization_id = $2 AND m.subject = $3"
            + " LIMIT 1), $3, $4, $5, $6, $7, $8, $9::text::jsonb, audit_try_inet($10), $11, $12)";
    private static final String APPEND_TRAIL = "SELECT audit_append_trail($1, $2, $3, $4, $5, $6, $7,"
            + " $8::text::jsonb, $9::text::jsonb, $10, $11)";

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    MembershipProjection memberships;

    @Inject
    IngestStats stats;

    @Inject
    AuditConfig config;

    @Incoming("audit-in")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        Parsed event;
        try {
            event = parse(record);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            stats.rejected();
            LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(new PoisonEventException(e.getMessage(), e));
        }
        return inbox.onceWithConnection(event.envelope().id(), CONSUMER, c -> apply(c, event))
                .onFailure().retry().withBackOff(config.ingest().retryBackoff())
                .atMost(Math.max(0, config.ingest().maxAttempts() - 1))
                .onItem().invoke(applied -> {
                    if (applied) {
                        stats.applied();
                    } else {
                        stats.duplicate();
                    }
                })
                .onFailure().invoke(e -> {
                    stats.rejected();
                    LOG.warnf("Dead-lettering event %s after %d attempts: %s", event.envelope().id(),
                            config.ingest().maxAttempts(), e.getMessage());
                })
                .replaceWithVoid();
    }

    /** A record as an event, or an exception that makes it a poison message. */
    Parsed parse(ConsumerRecord<String, byte[]> record) throws JsonProcessingException {
        EventEnvelope envelope = EventEnvelope.from(record.topic(), record.headers(), record.value());
        JsonNode data = mapper.readTree(envelope.data());
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        OrgEvent orgEvent = null;
        if (Topics.ORG.equals(record.topic())) {
            Class<? extends OrgEvent> type = ORG_EVENTS.get(envelope.eventType());
            if (type != null) {
                orgEvent = mapper.treeToValue(data, type);
                if (orgEvent.organizationId() == null) {
                    throw new IllegalArgumentException(envelope.eventType() + " without organizationId");
                }
            }
        }
        return new Parsed(envelope, data, orgEvent);
    }

    private Uni<?> apply(SqlConnection c, Parsed event) {
        EventEnvelope env = event.envelope();
        if (Topics.AUDIT_CHANGES.equals(env.topic())) {
            return appendTrail(c, env, event.data());
        }
        Uni<Void> projection = event.orgEvent() == null
                ? Uni.createFrom().voidItem()
                : memberships.apply(c, event.orgEvent());
        return projection.chain(() -> c.preparedQuery(INSERT_ACTIVITY).execute(Tuple.from(new Object[]{
                env.id(), env.organizationId(), env.actor(),
                env.aggregateType() == null ? "unknown" : env.aggregateType(), env.subject(), env.eventType(),
                env.source(), env.topic(), event.data().toString(), env.clientIp(), env.userAgent(),
                env.time().atOffset(ZoneOffset.UTC)})));
    }

    private Uni<?> appendTrail(SqlConnection c, EventEnvelope env, JsonNode row) {
        UUID org = uuid(row.get("organizationId"));
        if (org == null) {
            org = env.organizationId() == null ? NO_ORGANIZATION : env.organizationId();
        }
        UUID recordId = uuid(row.get("recordId"));
        String changedAt = text(row.get("changedAt"));
        Instant at = changedAt == null ? env.time() : Instant.parse(changedAt);
        String actor = text(row.get("changedBy"));
        return c.preparedQuery(APPEND_TRAIL).execute(Tuple.from(new Object[]{
                env.id(), org, text(row.get("service")), text(row.get("table")),
                recordId == null ? env.subject() : recordId, text(row.get("recordKey")),
                text(row.get("operation")), json(row.get("oldRow")), json(row.get("newRow")),
                actor == null ? env.actor() : actor, at.atOffset(ZoneOffset.UTC)}));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static UUID uuid(JsonNode node) {
        String s = text(node);
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    record Parsed(EventEnvelope envelope, JsonNode data, OrgEvent orgEvent) {
    }

    /** Not an event this suite can read; never retried. */
    static class PoisonEventException extends RuntimeException {

        PoisonEventException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
