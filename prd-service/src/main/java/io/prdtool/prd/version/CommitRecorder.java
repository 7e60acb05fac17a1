package io.prdtool.prd.version;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.prd.PrdVersionCommitted;
import io.prdtool.shared.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Records the git commit of a version once integration-service reports it (PrdVersionCommitted on
 * {@code prdtool.integration.events}). The only change a version ever sees after it was created.
 */
@ApplicationScoped
public class CommitRecorder {

    static final String CONSUMER = "prd-service.version-commits";
    private static final Logger LOG = Logger.getLogger(CommitRecorder.class);

    private final Inbox inbox;
    private final ObjectMapper mapper;

    public CommitRecorder(Inbox inbox, ObjectMapper mapper) {
        this.inbox = inbox;
        this.mapper = mapper;
    }

    @Incoming("integration-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        if (!"PrdVersionCommitted".equals(event.eventType())) {
            return Uni.createFrom().voidItem();
        }
        PrdVersionCommitted committed;
        try {
            committed = mapper.readValue(event.data(), PrdVersionCommitted.class);
        } catch (Exception e) {
            throw new EventEnvelope.InvalidEventException("PrdVersionCommitted data: " + e.getMessage());
        }
        if (committed.prdId() == null || committed.version() == null || committed.commitHash() == null
                || !committed.commitHash().matches("[0-9a-f]{7,40}")) {
            throw new EventEnvelope.InvalidEventException("PrdVersionCommitted needs prdId, version and a hex"
                    + " commitHash");
        }
        return inbox.onceWaitingOutOutages(event.id(), CONSUMER,
                () -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE prd_versions SET commit_hash = :hash WHERE prd_id = :prd AND version = :version")
                        .setParameter("hash", committed.commitHash())
                        .setParameter("prd", committed.prdId())
                        .setParameter("version", committed.version())
                        .executeUpdate())
                        .invoke(n -> {
                            if (n == 0) {
                                LOG.warnf("PrdVersionCommitted for unknown version %s of PRD %s ignored",
                                        committed.version(), committed.prdId());
                            }
                        }))
                .replaceWithVoid();
    }

}
