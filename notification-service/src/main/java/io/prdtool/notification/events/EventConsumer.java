package io.prdtool.notification.events;

import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.notification.projection.ProjectionRepository;
import io.prdtool.notification.rules.NotificationRules;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.events.collab.CollaboratorActive;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.events.integration.IntegrationDeliveryDead;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.events.prd.PrdApprovalInvalidated;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdDeleted;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.shared.events.user.UserProfileUpdated;
import io.prdtool.shared.events.user.UserProvisioned;
import io.prdtool.shared.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies the suite's events, each once per handler (inbox, same transaction as the effect; a database outage is
 * waited out, never dead-lettered): prd-service's organization, user and PRD events feed the projection and the
 * notifications about PRDs; collab-service's feed watches and mentions; integration-service's and ai-service's
 * notify organization owners and admins. Records that are not valid events fail and go to the dead-letter topic
 * ({@code prdtool.dlq.notification-service}); the channel moves on. Unknown event types are skipped.
 */
@ApplicationScoped
public class EventConsumer {

    static final String ORG_CONSUMER = "notification.org";
    static final String USER_CONSUMER = "notification.user";
    static final String PRD_CONSUMER = "notification.prd";
    static final String COLLAB_CONSUMER = "notification.collab";
    static final String INTEGRATION_CONSUMER = "notification.integration";
    static final String AI_CONSUMER = "notification.ai";

    @Inject
    Inbox inbox;

    @Inject
    ProjectionRepository projection;

    @Inject
    NotificationRules rules;

    @Inject
    ObjectMapper mapper;

    @Incoming("org-events")
    public Uni<Void> onOrgEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "OrganizationCreated" -> {
                OrganizationCreated e = read(event, OrganizationCreated.class);
                yield once(event, ORG_CONSUMER,
                        c -> projection.putMember(c, e.organizationId(), e.userId(), e.subject(), OrgRole.OWNER));
            }
            case "OrganizationDeleted" -> {
                OrganizationDeleted e = read(event, OrganizationDeleted.class);
                yield once(event, ORG_CONSUMER, c -> projection.deleteOrganization(c, e.organizationId()));
            }
            case "MemberAdded" -> {
                MemberAdded e = read(event, MemberAdded.class);
                yield once(event, ORG_CONSUMER,
                        c -> projection.putMember(c, e.organizationId(), e.userId(), e.subject(), e.role()));
            }
            case "MemberRoleChanged" -> {
                MemberRoleChanged e = read(event, MemberRoleChanged.class);
                yield once(event, ORG_CONSUMER,
                        c -> projection.putMember(c, e.organizationId(), e.userId(), e.subject(), e.role()));
            }
            case "MemberRemoved" -> {
                MemberRemoved e = read(event, MemberRemoved.class);
                yield once(event, ORG_CONSUMER, c -> projection.removeMember(c, e.organizationId(), e.userId()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("user-events")
    public Uni<Void> onUserEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "UserProvisioned" -> {
                UserProvisioned e = read(event, UserProvisioned.class);
                yield once(event, USER_CONSUMER,
                        c -> projection.putUser(c, e.userId(), e.subject(), e.email(), e.name()));
            }
            case "UserProfileUpdated" -> {
                UserProfileUpdated e = read(event, UserProfileUpdated.class);
                yield once(event, USER_CONSUMER, c -> projection.renameUser(c, e.userId(), e.name()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("prd-events")
    public Uni<Void> onPrdEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        UUID id = event.id();
        return switch (event.eventType()) {
            case "PrdCreated" -> {
                PrdCreated e = required(read(event, PrdCreated.class), PrdCreated::prdId, PrdCreated::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdCreated(c, e));
            }
            case "PrdUpdated" -> {
                PrdUpdated e = required(read(event, PrdUpdated.class), PrdUpdated::prdId, PrdUpdated::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdUpdated(c, id, e));
            }
            case "PrdStatusChanged" -> {
                PrdStatusChanged e = required(read(event, PrdStatusChanged.class), PrdStatusChanged::prdId,
                        PrdStatusChanged::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdStatusChanged(c, id, e));
            }
            case "PrdApproved" -> {
                PrdApproved e = required(read(event, PrdApproved.class), PrdApproved::prdId,
                        PrdApproved::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdApproved(c, id, e));
            }
            case "PrdApprovalInvalidated" -> {
                PrdApprovalInvalidated e = required(read(event, PrdApprovalInvalidated.class),
                        PrdApprovalInvalidated::prdId, PrdApprovalInvalidated::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdApprovalInvalidated(c, id, e));
            }
            case "PrdVersionCreated" -> {
                PrdVersionCreated e = required(read(event, PrdVersionCreated.class), PrdVersionCreated::prdId,
                        PrdVersionCreated::organizationId);
                yield once(event, PRD_CONSUMER, c -> rules.prdVersionCreated(c, id, e));
            }
            case "PrdDeleted" -> {
                PrdDeleted e = required(read(event, PrdDeleted.class), PrdDeleted::prdId, PrdDeleted::organizationId);
                yield once(event, PRD_CONSUMER, c -> projection.deletePrd(c, e.prdId(), e.organizationId()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("collab-events")
    public Uni<Void> onCollabEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "CollaboratorActive" -> {
                CollaboratorActive e = required(read(event, CollaboratorActive.class), CollaboratorActive::prdId,
                        CollaboratorActive::prdId);
                yield once(event, COLLAB_CONSUMER, c -> rules.collaboratorActive(c, e));
            }
            case "PrdContentChanged" -> {
                PrdContentChanged e = required(read(event, PrdContentChanged.class), PrdContentChanged::prdId,
                        PrdContentChanged::content);
                yield once(event, COLLAB_CONSUMER, c -> rules.prdContentChanged(c, event.id(), e));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("integration-events")
    public Uni<Void> onIntegrationEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "IntegrationDisabled" -> {
                IntegrationDisabled e = required(read(event, IntegrationDisabled.class),
                        IntegrationDisabled::integrationId, IntegrationDisabled::organizationId);
                yield once(event, INTEGRATION_CONSUMER, c -> rules.integrationDisabled(c, event.id(), e));
            }
            case "IntegrationDeliveryDead" -> {
                IntegrationDeliveryDead e = required(read(event, IntegrationDeliveryDead.class),
                        IntegrationDeliveryDead::integrationId, IntegrationDeliveryDead::organizationId);
                yield once(event, INTEGRATION_CONSUMER, c -> rules.integrationDeliveryDead(c, event.id(), e));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("ai-events")
    public Uni<Void> onAiEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        if (!"AiBudgetThresholdReached".equals(event.eventType())) {
            return Uni.createFrom().voidItem();
        }
        AiBudgetThresholdReached e = required(read(event, AiBudgetThresholdReached.class),
                AiBudgetThresholdReached::organizationId, AiBudgetThresholdReached::period);
        return once(event, AI_CONSUMER, c -> rules.aiBudgetThresholdReached(c, event.id(), e));
    }

    private Uni<Void> once(EventEnvelope event, String consumer, Function<SqlConnection, Uni<?>> effect) {
        return inbox.onceWithConnectionWaitingOutOutages(event.id(), consumer, effect).replaceWithVoid();
    }

    private <T> T read(EventEnvelope event, Class<T> type) {
        try {
            return mapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new EventEnvelope.InvalidEventException("unreadable " + event.eventType() + ": "
                    + e.getOriginalMessage());
        }
    }

    /** The fields a handler cannot do without; an event missing one is a poison message. */
    @SafeVarargs
    private static <T> T required(T event, Function<T, Object>... fields) {
        for (Function<T, Object> f : fields) {
            if (f.apply(event) == null) {
                throw new EventEnvelope.InvalidEventException(event.getClass().getSimpleName()
                        + " lacks a required field");
            }
        }
        return event;
    }
}
