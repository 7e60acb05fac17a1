package io.prdtool.ai.projection;

import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.ai.review.ReviewQueue;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.events.org.OrganizationUpdated;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdDeleted;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.events.prd.TemplateCreated;
import io.prdtool.shared.events.prd.TemplateDeleted;
import io.prdtool.shared.events.prd.TemplateUpdated;
import io.prdtool.shared.events.user.UserProvisioned;
import io.prdtool.shared.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies prd-service's organization, membership, user, PRD and template events to the projection, and collab-service's
 * content events to the review queue, each once (inbox, same transaction as the effect; a database outage is waited
 * out, never dead-lettered). Records that are not valid events fail and go to the dead-letter topic
 * ({@code prdtool.dlq.ai-service}); the channel moves on.
 */
@ApplicationScoped
public class ProjectionConsumer {

    static final String ORG_CONSUMER = "ai.projection.org";
    static final String PRD_CONSUMER = "ai.projection.prd";
    static final String USER_CONSUMER = "ai.projection.user";
    static final String COLLAB_CONSUMER = "ai.review.content";

    @Inject
    Inbox inbox;

    @Inject
    ProjectionRepository projection;

    @Inject
    ReviewQueue reviews;

    @Inject
    ObjectMapper mapper;

    @Incoming("org-events")
    public Uni<Void> onOrgEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "OrganizationCreated" -> {
                OrganizationCreated e = read(event, OrganizationCreated.class);
                yield once(event.id(), ORG_CONSUMER, c -> projection.upsertOrganization(c, e.organizationId(), null)
                        .chain(() -> projection.putMember(c, e.organizationId(), e.subject(), e.userId(),
                                OrgRole.OWNER)));
            }
            case "OrganizationUpdated" -> {
                OrganizationUpdated e = read(event, OrganizationUpdated.class);
                yield once(event.id(), ORG_CONSUMER,
                        c -> projection.upsertOrganization(c, e.organizationId(), e.subscriptionTier()));
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

    @Incoming("prd-events")
    public Uni<Void> onPrdEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "PrdCreated" -> {
                PrdCreated e = read(event, PrdCreated.class);
                yield once(event.id(), PRD_CONSUMER, c -> projection.upsertPrd(c, e.prdId(), e.organizationId(),
                        e.projectId(), e.title(), e.templateId()));
            }
            case "PrdUpdated" -> {
                PrdUpdated e = read(event, PrdUpdated.class);
                yield once(event.id(), PRD_CONSUMER, c -> projection.upsertPrd(c, e.prdId(), e.organizationId(),
                        e.projectId(), e.title(), null));
            }
            case "PrdDeleted" -> {
                PrdDeleted e = read(event, PrdDeleted.class);
                yield once(event.id(), PRD_CONSUMER, c -> projection.deletePrd(c, e.prdId(), e.organizationId()));
            }
            case "TemplateCreated" -> {
                TemplateCreated e = read(event, TemplateCreated.class);
                yield once(event.id(), PRD_CONSUMER,
                        c -> projection.putTemplate(c, e.templateId(), e.organizationId(), e.requiredSections()));
            }
            case "TemplateUpdated" -> {
                TemplateUpdated e = read(event, TemplateUpdated.class);
                yield once(event.id(), PRD_CONSUMER,
                        c -> projection.putTemplate(c, e.templateId(), e.organizationId(), e.requiredSections()));
            }
            case "TemplateDeleted" -> {
                TemplateDeleted e = read(event, TemplateDeleted.class);
                yield once(event.id(), PRD_CONSUMER,
                        c -> projection.deleteTemplate(c, e.templateId(), e.organizationId()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("user-events")
    public Uni<Void> onUserEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        if (!"UserProvisioned".equals(event.eventType())) {
            return Uni.createFrom().voidItem();
        }
        UserProvisioned e = read(event, UserProvisioned.class);
        return once(event.id(), USER_CONSUMER, c -> projection.bindSubject(c, e.userId(), e.subject()));
    }

    @Incoming("collab-events")
    public Uni<Void> onCollabEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        if (!"PrdContentChanged".equals(event.eventType())) {
            return Uni.createFrom().voidItem();
        }
        PrdContentChanged e = read(event, PrdContentChanged.class);
        if (e.prdId() == null || e.organizationId() == null || e.content() == null || e.contentHash() == null) {
            throw new EventEnvelope.InvalidEventException("PrdContentChanged without prdId, organizationId or content");
        }
        return once(event.id(), COLLAB_CONSUMER, c -> reviews.enqueue(c, e));
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
