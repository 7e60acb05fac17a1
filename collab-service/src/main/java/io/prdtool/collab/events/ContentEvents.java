package io.prdtool.collab.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.collab.CollaboratorActive;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.outbox.OutboxConfig;
import io.prdtool.shared.outbox.OutboxSignal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes what prd-service needs of a document through the outbox: {@link PrdContentChanged} (the Markdown, for
 * prds.content and search) and one {@link CollaboratorActive} per editor (for prd_summaries). Called debounced by the
 * sync layer; records how far it has published in {@code document_content_state} in the same transaction, so an
 * older revision never overwrites a newer one and a document loaded with unpublished edits is published again.
 */
@ApplicationScoped
public class ContentEvents {

    private static final Logger LOG = Logger.getLogger(ContentEvents.class);

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    OutboxSignal signal;

    @Inject
    OutboxConfig outboxConfig;

    /** What a debounce window of one document produced. */
    public record Window(UUID prdId, String markdown, long revision, Map<String, Integer> editsBySubject,
            String lastSubject, Instant from, Instant to) {
    }

    /** The last revision published for a document (0 when never). */
    public Uni<Long> publishedUpTo(UUID prdId) {
        return pool.preparedQuery("SELECT published_up_to FROM document_content_state WHERE prd_id = $1")
                .execute(Tuple.of(prdId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
    }

    /**
     * Writes the window's events to the outbox; emits false when the PRD is unknown here (nothing written). Four
     * statements whatever the number of editors (the events and the activity rows go as pipelined batches), so that
     * publishing does not crowd out the document updates on the same database.
     */
    public Uni<Boolean> publish(Window w) {
        String[] subjects = w.editsBySubject().keySet().toArray(new String[0]);
        String actor = w.lastSubject() == null ? "" : w.lastSubject();
        // the actor is set for the transaction (the outbox rows carry it) by the lookup itself
        return pool.withTransaction(c -> c.preparedQuery("SELECT set_config('prdtool.actor', $3, true),"
                + " p.organization_id, m.subject, m.user_id"
                + " FROM prd_access p LEFT JOIN org_members m ON m.organization_id = p.organization_id"
                + " AND m.subject = ANY($2) WHERE p.prd_id = $1").execute(Tuple.of(w.prdId(), subjects, actor))
                .chain(rows -> {
                    UUID org = null;
                    Map<String, UUID> users = new HashMap<>();
                    for (Row r : rows) {
                        org = r.getUUID("organization_id");
                        if (r.getString("subject") != null) {
                            users.put(r.getString("subject"), r.getUUID("user_id"));
                        }
                    }
                    if (org == null) {
                        return Uni.createFrom().item(false);
                    }
                    return write(c, w, org, users).replaceWith(true);
                }))
                .invoke(written -> {
                    if (written) {
                        signal.wake();
                    }
                });
    }

    private Uni<Void> write(SqlConnection c, Window w, UUID org, Map<String, UUID> users) {
        List<CollaboratorActive> active = new ArrayList<>();
        List<Tuple> activity = new ArrayList<>();
        w.editsBySubject().forEach((subject, edits) -> {
            active.add(new CollaboratorActive(w.prdId(), org, users.get(subject), subject, edits, w.from(), w.to()));
            activity.add(Tuple.of(w.prdId(), subject, edits, w.from().toString(), w.to().toString()));
        });
        return c.preparedQuery("INSERT INTO document_content_state (prd_id, published_up_to)"
                + " VALUES ($1, $2) ON CONFLICT (prd_id) DO UPDATE SET published_up_to = $2,"
                + " published_at = now() WHERE document_content_state.published_up_to < $2"
                + " RETURNING prd_id").execute(Tuple.of(w.prdId(), w.revision()))
                .chain(newer -> {
                    List<DomainEvent> events = new ArrayList<>();
                    if (newer.rowCount() > 0 && !tooLarge(w)) {
                        // else another instance published this or later, or no event fits
                        events.add(new PrdContentChanged(w.prdId(), org, users.get(w.lastSubject()),
                                w.lastSubject(), w.markdown(), sha256(w.markdown()), w.markdown().length(),
                                w.revision(), w.to()));
                    }
                    events.addAll(active);
                    return outbox.append(c, events);
                })
                .chain(() -> activity.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery("INSERT INTO collaboration_events (prd_id, user_subject, event_type,"
                                + " event_data) VALUES ($1, $2, 'edit', jsonb_build_object('edits', $3::int, 'from',"
                                + " $4::text, 'to', $5::text))").executeBatch(activity).replaceWithVoid());
    }

    /**
     * A document whose Markdown does not fit in one event (the outbox's payload limit, below the broker's message
     * size) gets no content event: prd-service keeps its previous content; activity is still published.
     */
    private boolean tooLarge(Window w) {
        int bytes = w.markdown().getBytes(StandardCharsets.UTF_8).length;
        if (bytes + 4096 <= outboxConfig.maxPayloadBytes()) {
            return false;
        }
        LOG.warnf("Content of %s is %d bytes as Markdown, more than one event carries; not published", w.prdId(),
                bytes);
        return true;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
