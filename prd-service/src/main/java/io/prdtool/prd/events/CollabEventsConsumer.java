package io.prdtool.prd.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.prd.prd.CollabContentService;
import io.prdtool.prd.prd.PrdApi;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.inbox.Inbox;
import io.prdtool.shared.tx.ActorContext;
import io.smallrye.mutiny.Uni;

/**
 * Consumes collab-service events ({@code prdtool.collab.events}, keyed by PRD id). The contract this relies on, kept
 * deliberately small so that collab-service can name its events as it likes:
 * <ul>
 * <li>every event whose data carries {@code prdId} counts as activity of its user ({@code userId}, else the user
 * bound to the CloudEvents {@code actor}) at the event time: collaborator counts and last activity in
 * prd_summaries;</li>
 * <li>an event whose data also carries {@code content} (the document as Markdown) makes that the PRD's content:
 * search vector, approval invalidation and PrdUpdated (source {@code collab}) follow.</li>
 * </ul>
 * Each event is applied once (inbox); a malformed record goes to the dead-letter topic, a database outage is waited
 * out (the event is applied again, never dead-lettered for it).
 */
@ApplicationScoped
public class CollabEventsConsumer {

    static final String CONSUMER = "prd-service.collab";
    private static final Logger LOG = Logger.getLogger(CollabEventsConsumer.class);

    private final Inbox inbox;
    private final CollabContentService collab;
    private final ObjectMapper mapper;

    public CollabEventsConsumer(Inbox inbox, CollabContentService collab, ObjectMapper mapper) {
        this.inbox = inbox;
        this.collab = collab;
        this.mapper = mapper;
    }

    @Incoming("collab-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = EventEnvelope.from(record.topic(), record.headers(), record.value());
        JsonNode data;
        try {
            data = mapper.readTree(event.data());
        } catch (Exception e) {
            throw new EventEnvelope.InvalidEventException("data is not JSON: " + e.getMessage());
        }
        UUID prdId = uuid(data, "prdId");
        if (prdId == null) {
            return Uni.createFrom().voidItem(); // presence pings and the like: nothing for prd-service
        }
        String content = data.hasNonNull("content") && data.get("content").isTextual()
                ? data.get("content").asText()
                : null;
        if (content != null && content.length() > PrdApi.MAX_CONTENT) {
            LOG.warnf("Collab content for PRD %s is %d characters, above the %d limit; ignored", prdId,
                    content.length(), PrdApi.MAX_CONTENT);
            content = null;
        }
        String text = content;
        ActorContext actor = new ActorContext(event.actor(), event.clientIp(), event.userAgent());
        return inbox
                .onceWaitingOutOutages(event.id(), CONSUMER, () -> collab.userFor(uuid(data, "userId"), event.actor())
                        .call(userId -> collab.recordActivity(prdId, userId, event.time()))
                        .call(userId -> text == null
                                ? Uni.createFrom().voidItem()
                                : collab.applyContent(prdId, event.organizationId(), text, userId, actor)))
                .replaceWithVoid();
    }

    static UUID uuid(JsonNode data, String field) {
        JsonNode n = data.get(field);
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(n.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
