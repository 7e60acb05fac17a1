package io.prdtool.integration.projection;

import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.integration.delivery.Dispatcher;
import io.prdtool.integration.routing.DeliveryRouter;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.notification.NotificationCreated;
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
import io.prdtool.shared.events.project.ProjectArchived;
import io.prdtool.shared.events.project.ProjectCreated;
import io.prdtool.shared.events.project.ProjectUnarchived;
import io.prdtool.shared.events.project.ProjectUpdated;
import io.prdtool.shared.events.user.UserProfileUpdated;
import io.prdtool.shared.events.user.UserProvisioned;
import io.prdtool.shared.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies prd-service's organization, membership, user, project and PRD events to the projection, and records the
 * deliveries PRD events and chat notifications cause ({@link DeliveryRouter}), each once: inbox row, projection and
 * delivery rows commit together, and nothing here calls out (the {@link Dispatcher} does, later). A database outage
 * is waited out, never dead-lettered; records that are not valid events go to {@code prdtool.dlq.integration-service}.
 */
@ApplicationScoped
public class ProjectionConsumer {

    static final String ORG_CONSUMER = "integration.projection.org";
    static final String USER_CONSUMER = "integration.projection.user";
    static final String PROJECT_CONSUMER = "integration.projection.project";
    static final String PRD_CONSUMER = "integration.prd";
    static final String NOTIFICATION_CONSUMER = "integration.notification";

    @Inject
    Inbox inbox;

    @Inject
    ProjectionRepository projection;

    @Inject
    DeliveryRouter router;

    @Inject
    Dispatcher dispatcher;

    @Inject
    ObjectMapper mapper;

    @Incoming("org-events")
    public Uni<Void> onOrgEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "OrganizationCreated" -> {
                OrganizationCreated e = read(event, OrganizationCreated.class);
                yield once(event.id(), ORG_CONSUMER, c -> projection.upsertOrganization(c, e.organizationId())
                        .chain(() -> projection.putMember(c, e.organizationId(), e.subject(), e.userId(),
                                OrgRole.OWNER)));
            }
            case "OrganizationDeleted" -> {
                OrganizationDeleted e = read(event, OrganizationDeleted.class);
                yield once(event.id(), ORG_CONSUMER, c -> projection.deleteOrganization(c, e.organizationId()));
            }
            case "MemberAdded" -> {
                MemberAdded e = read(event, MemberAdded.class);
                yield once(event.id(), ORG_CONSUMER,
                        c -> projection.putMember(c, e.organizationId(), e.subject(), e.userId(), e.role()));
            }
            case "MemberRoleChanged" -> {
                MemberRoleChanged e = read(event, MemberRoleChanged.class);
                yield once(event.id(), ORG_CONSUMER,
                        c -> projection.putMember(c, e.organizationId(), e.subject(), e.userId(), e.role()));
            }
            case "MemberRemoved" -> {
                MemberRemoved e = read(event, MemberRemoved.class);
                yield once(event.id(), ORG_CONSUMER,
                        c -> projection.removeMember(c, e.organizationId(), e.userId(), e.subject()));
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
                yield once(event.id(), USER_CONSUMER,
                        c -> projection.putUser(c, e.userId(), e.subject(), e.email(), e.name()));
            }
            case "UserProfileUpdated" -> {
                UserProfileUpdated e = read(event, UserProfileUpdated.class);
                yield once(event.id(), USER_CONSUMER, c -> projection.renameUser(c, e.userId(), e.name()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("project-events")
    public Uni<Void> onProjectEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "ProjectCreated" -> {
                ProjectCreated e = read(event, ProjectCreated.class);
                yield once(event.id(), PROJECT_CONSUMER, c -> projection.putProject(c, e.projectId(),
                        e.organizationId(), e.name(), e.slug(), e.gitRepoUrl()));
            }
            case "ProjectUpdated" -> {
                ProjectUpdated e = read(event, ProjectUpdated.class);
                yield once(event.id(), PROJECT_CONSUMER, c -> projection.putProject(c, e.projectId(),
                        e.organizationId(), e.name(), e.slug(), e.gitRepoUrl()));
            }
            case "ProjectArchived" -> {
                ProjectArchived e = read(event, ProjectArchived.class);
                yield once(event.id(), PROJECT_CONSUMER,
                        c -> projection.archiveProject(c, e.projectId(), e.organizationId(), true));
            }
            case "ProjectUnarchived" -> {
                ProjectUnarchived e = read(event, ProjectUnarchived.class);
                yield once(event.id(), PROJECT_CONSUMER,
                        c -> projection.archiveProject(c, e.projectId(), e.organizationId(), false));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("prd-events")
    public Uni<Void> onPrdEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "PrdCreated" -> {
                PrdCreated e = read(event, PrdCreated.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(),
                        e.title(), e.slug(), e.status()), e);
            }
            case "PrdUpdated" -> {
                PrdUpdated e = read(event, PrdUpdated.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(),
                        e.title(), e.slug(), null), e);
            }
            case "PrdStatusChanged" -> {
                PrdStatusChanged e = read(event, PrdStatusChanged.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(), null,
                        null, e.status()), e);
            }
            case "PrdApproved" -> {
                PrdApproved e = read(event, PrdApproved.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(), null,
                        null, null), e);
            }
            case "PrdApprovalInvalidated" -> {
                PrdApprovalInvalidated e = read(event, PrdApprovalInvalidated.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(), null,
                        null, e.status()), e);
            }
            case "PrdVersionCreated" -> {
                PrdVersionCreated e = read(event, PrdVersionCreated.class);
                yield routed(event, c -> projection.putPrd(c, e.prdId(), e.organizationId(), e.projectId(),
                        e.title(), e.slug(), e.status()), e);
            }
            case "PrdDeleted" -> {
                PrdDeleted e = read(event, PrdDeleted.class);
                yield routed(event, c -> projection.deletePrd(c, e.prdId(), e.organizationId()), e);
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("notification-events")
    public Uni<Void> onNotificationEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        if (!"NotificationCreated".equals(event.eventType())) {
            return Uni.createFrom().voidItem();
        }
        NotificationCreated e = read(event, NotificationCreated.class);
        if (!e.chat()) {
            return Uni.createFrom().voidItem();
        }
        if (e.organizationId() == null || e.notificationId() == null) {
            throw new EventEnvelope.InvalidEventException("NotificationCreated without organizationId");
        }
        return inbox.onceWithConnectionWaitingOutOutages(event.id(), NOTIFICATION_CONSUMER,
                c -> router.routeNotification(c, event, e))
                .invoke(this::wakeIfRecorded).replaceWithVoid();
    }

    private Uni<Void> routed(EventEnvelope event, Function<SqlConnection, Uni<Void>> project,
            io.prdtool.shared.events.prd.PrdEvent e) {
        if (e.prdId() == null || e.organizationId() == null) {
            throw new EventEnvelope.InvalidEventException(event.eventType() + " without prdId or organizationId");
        }
        return inbox.onceWithConnectionWaitingOutOutages(event.id(), PRD_CONSUMER,
                c -> project.apply(c).chain(() -> router.routePrd(c, event, e)))
                .invoke(this::wakeIfRecorded).replaceWithVoid();
    }

    private void wakeIfRecorded(Boolean ran) {
        if (Boolean.TRUE.equals(ran)) {
            dispatcher.wake();
        }
    }

    private Uni<Void> once(UUID eventId, String consumer, Function<SqlConnection, Uni<?>> effect) {
        return inbox.onceWithConnectionWaitingOutOutages(eventId, consumer, effect).replaceWithVoid();
    }

    private <T> T read(EventEnvelope event, Class<T> type) {
        try {
            return mapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new EventEnvelope.InvalidEventException("unreadable " + event.eventType() + ": "
                    + e.getOriginalMessage());
        }
    }
}
