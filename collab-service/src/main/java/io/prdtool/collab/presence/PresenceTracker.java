package io.prdtool.collab.presence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.cluster.InstanceId;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.db.Columns;
import io.prdtool.collab.sync.Awareness;
import io.prdtool.collab.sync.CollabSession;
import io.prdtool.collab.sync.SerialQueue;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Mirrors who is on which document into {@code active_sessions}: a row per open connection, refreshed from its
 * awareness state (status, cursor, selection) and its edits, deleted when the socket closes. Rows of connections that
 * vanished without a close (a crashed instance) are removed by one rule: not refreshed for
 * {@code prdtool.collab.presence.stale-after}. Joins, leaves and AI prompts are also recorded as collaboration events.
 * <p>
 * Awareness conventions read here (all optional): {@code status} ("viewing", "editing", "ai-prompting"),
 * {@code cursor.anchor}/{@code cursor.head} or {@code cursor.position} as numbers, {@code selection.start}/{@code end}.
 * Without a status, a connection that edited within {@code editing-window} is "editing", otherwise "viewing". (While
 * ai-service runs an AI action for a user, the presence read shows their sessions as "ai-prompting" whatever their
 * clients say: {@link AiPromptingProjection}.)
 * <p>
 * Writes are coalesced: changes collect for {@code flush-delay} and are then written with at most four statements
 * (new rows, changed rows, closed rows, events), in that order, one flush after the other. A hundred clients joining at
 * once (as after a deploy) cost a few statements, not hundreds, and never take the connections the edits need.
 * Presence may lag by the delay; edits never wait for it.
 */
@ApplicationScoped
public class PresenceTracker {

    private static final Logger LOG = Logger.getLogger(PresenceTracker.class);

    @Inject
    Pool pool;

    @Inject
    CollabConfig config;

    @Inject
    InstanceId instance;

    @Inject
    ObjectMapper mapper;

    @Inject
    Vertx vertx;

    /** What was last written for a connection (status, cursor, selection) and when. */
    private record Seen(String key, long atNanos) {
    }

    private record Change(String status, Integer cursor, Integer start, Integer end) {
    }

    private record Event(UUID prdId, String subject, String type, String socket, OffsetDateTime at) {
    }

    /** The changes of one flush. */
    private static final class Batch {

        final List<CollabSession> joins = new ArrayList<>();
        /** Per connection, its latest change only. */
        final Map<String, Change> changes = new LinkedHashMap<>();
        final List<String> leaves = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
    }

    /** Connections joined and not left, with what was last written for each. */
    private final Map<String, Seen> tracked = new ConcurrentHashMap<>();
    /** Flushes run one after the other, so a connection's row is never updated before it is inserted. */
    private final SerialQueue flushes = new SerialQueue();
    /** Guarded by {@code this}. */
    private Batch batch = new Batch();
    /** Guarded by {@code this}: a flush is due and will take {@link #batch}. */
    private boolean flushDue;

    public void joined(CollabSession s) {
        tracked.put(s.id(), new Seen("viewing", System.nanoTime()));
        collect(b -> {
            b.joins.add(s);
            b.events.add(event(s, "join"));
        });
    }

    public void left(CollabSession s) {
        if (tracked.remove(s.id()) != null) {
            collect(b -> {
                b.leaves.add(s.id());
                b.events.add(event(s, "leave"));
            });
        }
    }

    public void edited(CollabSession s) {
        update(s, status(s, null), null, null, null);
    }

    public void awareness(CollabSession s, List<Awareness.Entry> entries) {
        for (Awareness.Entry e : entries) {
            if (e.removed()) {
                continue;
            }
            try {
                JsonNode state = mapper.readTree(e.state());
                JsonNode cursor = state.path("cursor");
                Integer position = number(cursor.path("head"));
                if (position == null) {
                    position = number(cursor.path("position"));
                }
                Integer start = number(state.path("selection").path("start"));
                Integer end = number(state.path("selection").path("end"));
                if (start == null && number(cursor.path("anchor")) != null && position != null) {
                    start = Math.min(number(cursor.path("anchor")), position);
                    end = Math.max(number(cursor.path("anchor")), position);
                }
                update(s, status(s, state.path("status").asText(null)), position, start, end);
            } catch (Exception ignored) {
                // the endpoint only relays JSON; a state it cannot read just does not move presence
            }
            return;
        }
    }

    private String status(CollabSession s, String announced) {
        if ("viewing".equals(announced) || "editing".equals(announced) || "ai-prompting".equals(announced)) {
            return announced;
        }
        return s.editedWithin(config.presence().editingWindow().toNanos()) ? "editing" : "viewing";
    }

    private void update(CollabSession s, String status, Integer cursor, Integer start, Integer end) {
        String key = status + "|" + cursor + "|" + start + "|" + end;
        long now = System.nanoTime();
        Seen seen = tracked.get(s.id());
        if (seen == null) {
            return; // not joined (or already left)
        }
        if (seen.key().equals(key) && now - seen.atNanos() < config.presence().touchInterval().toNanos()) {
            return;
        }
        // a connection's messages arrive in order on one thread, and a lost race only writes the row once more
        if (tracked.replace(s.id(), seen, new Seen(key, now))) {
            boolean startsPrompting = "ai-prompting".equals(status) && !seen.key().startsWith("ai-prompting|");
            collect(b -> {
                if (startsPrompting) {
                    b.events.add(event(s, "ai_prompt"));
                }
                b.changes.put(s.id(), new Change(status, cursor, start, end));
            });
        }
    }

    private Event event(CollabSession s, String type) {
        return new Event(s.prdId(), s.subject(), type, s.id(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    private void collect(Consumer<Batch> change) {
        boolean schedule;
        synchronized (this) {
            change.accept(batch);
            schedule = !flushDue;
            flushDue = true;
        }
        if (schedule) {
            vertx.setTimer(Math.max(1, config.presence().flushDelay().toMillis()), id -> flushes.submit(() -> {
                Batch taken;
                synchronized (this) {
                    taken = batch;
                    batch = new Batch();
                    flushDue = false;
                }
                return write(taken).onFailure().invoke(failure -> LOG.warnf(
                        "Presence of %d connection(s) not written: %s",
                        taken.joins.size() + taken.changes.size() + taken.leaves.size(), failure.getMessage()))
                        .onFailure().recoverWithNull();
            }).subscribe().with(ignored -> {
            }));
        }
    }

    private Uni<Void> write(Batch b) {
        return pool.withConnection(c -> insertJoins(c, b).chain(() -> updateChanges(c, b))
                .chain(() -> deleteLeaves(c, b)).chain(() -> insertEvents(c, b)));
    }

    private Uni<Void> insertJoins(SqlConnection c, Batch b) {
        if (b.joins.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CollabSession> rows = b.joins;
        return c.preparedQuery("INSERT INTO active_sessions (prd_id, organization_id, user_subject, user_name, status,"
                + " socket_id, instance_id) SELECT j.prd, j.org, j.subject, j.name, 'viewing', j.socket, $6"
                + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])"
                + " AS j(prd, org, subject, name, socket) ON CONFLICT (socket_id) DO NOTHING")
                .execute(Tuple.from(new Object[]{Columns.of(rows, CollabSession::prdId, UUID[]::new),
                        Columns.of(rows, s -> s.grant().organizationId(), UUID[]::new),
                        Columns.of(rows, CollabSession::subject, String[]::new),
                        Columns.of(rows, CollabSession::name, String[]::new),
                        Columns.of(rows, CollabSession::id, String[]::new), instance.value()}))
                .replaceWithVoid();
    }

    private Uni<Void> updateChanges(SqlConnection c, Batch b) {
        if (b.changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map.Entry<String, Change>> rows = new ArrayList<>(b.changes.entrySet());
        return c.preparedQuery("UPDATE active_sessions a SET status = u.status, cursor_position = u.cursor,"
                + " selection_start = u.sel_start, selection_end = u.sel_end, last_activity_at = now()"
                + " FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[])"
                + " AS u(socket, status, cursor, sel_start, sel_end) WHERE a.socket_id = u.socket")
                .execute(Tuple.from(new Object[]{Columns.of(rows, Map.Entry::getKey, String[]::new),
                        Columns.of(rows, e -> e.getValue().status(), String[]::new),
                        Columns.of(rows, e -> e.getValue().cursor(), Integer[]::new),
                        Columns.of(rows, e -> e.getValue().start(), Integer[]::new),
                        Columns.of(rows, e -> e.getValue().end(), Integer[]::new)}))
                .replaceWithVoid();
    }

    private Uni<Void> deleteLeaves(SqlConnection c, Batch b) {
        if (b.leaves.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("DELETE FROM active_sessions WHERE socket_id = ANY($1::text[])")
                .execute(Tuple.of(b.leaves.toArray(String[]::new))).replaceWithVoid();
    }

    private Uni<Void> insertEvents(SqlConnection c, Batch b) {
        if (b.events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Event> rows = b.events;
        return c.preparedQuery("INSERT INTO collaboration_events (prd_id, user_subject, event_type, event_data,"
                + " created_at) SELECT e.prd, e.subject, e.type, jsonb_build_object('socket', e.socket, 'instance',"
                + " $6::text), e.at FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])"
                + " AS e(prd, subject, type, socket, at)")
                .execute(Tuple.from(new Object[]{Columns.of(rows, Event::prdId, UUID[]::new),
                        Columns.of(rows, Event::subject, String[]::new), Columns.of(rows, Event::type, String[]::new),
                        Columns.of(rows, Event::socket, String[]::new),
                        Columns.of(rows, Event::at, OffsetDateTime[]::new), instance.value()}))
                .replaceWithVoid();
    }

    /** The one cleanup rule for sessions whose socket vanished without a close. */
    @Scheduled(every = "${prdtool.collab.presence.cleanup-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> removeStale() {
        return pool
                .preparedQuery("DELETE FROM active_sessions WHERE last_activity_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.presence().staleAfter().toMillis() / 1000)).replaceWithVoid();
    }

    private static Integer number(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null;
    }
}
