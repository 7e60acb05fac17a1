package io.prdtool.collab.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdDeleted;
import io.prdtool.shared.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code prd_access} and {@code org_members} current from prd-service's PRD and organization events, each
 * applied once (inbox). After a change that can take access away it fires {@link AccessChanged} so that this
 * instance's open sockets re-check at once, and tells the other instances (which share the projection but not the
 * consumer group) to do the same through the cluster fan-out.
 */
@ApplicationScoped
public class AccessProjection {

    private static final Logger LOG = Logger.getLogger(AccessProjection.class);
    static final String PRD_CONSUMER = "collab.access.prd";
    static final String ORG_CONSUMER = "collab.access.org";

    @Inject
    Inbox inbox;

    @Inject
    AccessRepository repository;

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<AccessChanged> accessChanged;

    @Inject
    AccessChangePublisher fanOut;

    @Incoming("prd-events")
    public Uni<Void> onPrdEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "PrdCreated" -> {
                PrdCreated created = read(event, PrdCreated.class);
                yield once(event.id(), PRD_CONSUMER,
                        c -> repository.upsertPrd(c, created.prdId(), created.organizationId()));
            }
            case "PrdDeleted" -> {
                PrdDeleted deleted = read(event, PrdDeleted.class);
                yield once(event.id(), PRD_CONSUMER,
                        c -> repository.deletePrd(c, deleted.prdId(), deleted.organizationId()))
                        .invoke(() -> fire(deleted.organizationId(), null));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("org-events")
    public Uni<Void> onOrgEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        return switch (event.eventType()) {
            case "OrganizationCreated" -> {
                OrganizationCreated e = read(event, OrganizationCreated.class);
                yield apply(event.id(), c -> repository.upsertMember(c, e.organizationId(), e.subject(), e.userId(),
                        OrgRole.OWNER));
            }
            case "MemberAdded" -> {
                MemberAdded e = read(event, MemberAdded.class);
                yield apply(event.id(),
                        c -> repository.upsertMember(c, e.organizationId(), e.subject(), e.userId(), e.role()));
            }
            case "MemberRoleChanged" -> {
                MemberRoleChanged e = read(event, MemberRoleChanged.class);
                yield apply(event.id(),
                        c -> repository.upsertMember(c, e.organizationId(), e.subject(), e.userId(), e.role()))
                        .invoke(() -> fire(e.organizationId(), e.subject()));
            }
            case "MemberRemoved" -> {
                MemberRemoved e = read(event, MemberRemoved.class);
                yield apply(event.id(), c -> repository.removeMember(c, e.organizationId(), e.subject()))
                        .invoke(() -> fire(e.organizationId(), e.subject()));
            }
            case "OrganizationDeleted" -> {
                OrganizationDeleted e = read(event, OrganizationDeleted.class);
                yield apply(event.id(), c -> repository.removeOrganization(c, e.organizationId()))
                        .invoke(() -> fire(e.organizationId(), null));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> apply(UUID eventId,
            java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<?>> effect) {
        return once(eventId, ORG_CONSUMER, effect);
    }

    /** Applies an event once, waiting out a database outage: a lost membership event would leave access wrong. */
    private Uni<Void> once(UUID eventId, String consumer,
            java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<?>> effect) {
        return inbox.onceWithConnectionWaitingOutOutages(eventId, consumer, effect).replaceWithVoid();
    }

    private void fire(UUID organizationId, String subject) {
        accessChanged.fireAsync(new AccessChanged(organizationId, subject));
        fanOut.publishAccessChanged(organizationId, subject);
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

    /** Access in an organization may have shrunk (for one subject, or for everyone when {@code subject} is null). */
    public record AccessChanged(UUID organizationId, String subject) {
    }
}
