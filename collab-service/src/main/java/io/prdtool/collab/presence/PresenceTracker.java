package io.prdtool.collab.presence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.cluster.InstanceId;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.sync.Awareness;
import io.prdtool.collab.sync.CollabSession;
import io.prdtool.collab.sync.SerialQueue;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Mirrors who is on which document into {@code active_sessions}: a row per open connection, refreshed from its
 * awareness state (status, cursor, selection) and its edits, deleted when the socket closes. Rows of connections that
 * vanished without a close (a crashed instance) are removed by one rule: not refreshed for
 * {@code prdtool.collab.presence.stale-after}. Joins and leaves are also recorded as collaboration events.
 * <p>
 * Awareness conventions read here (all optional): {@code status} ("viewing", "editing", "ai-prompting"),
 * {@code cursor.anchor}/{@code cursor.head} or {@code cursor.position} as numbers, {@code selection.start}/{@code end}.
 * Without a status, a connection that edited within {@code editing-window} is "editing", otherwise "viewing".
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

    private record Seen(String key, long atNanos) {
    }

    /** Per connection: its writes in order (an update must not overtake the insert) and what was last written. */
    private static final class Tracked {

        final SerialQueue writes;
        volatile Seen seen = new Seen("viewing", System.nanoTime());

        Tracked(SerialQueue writes) {
            this.writes = writes;
        }
    }

    /**
     * Presence writes of all connections go through two lanes (a connection always uses the same one, which keeps its
     * writes in order): when hundreds of clients connect at once, as after a deploy, their presence rows must not take
     * the database connections and the CPU that the keystrokes' appends need. Presence may lag a little; edits do not.
     */
    private final SerialQueue[] lanes = {new SerialQueue(), new SerialQueue()};

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    public void joined(CollabSession s) {
        Tracked t = new Tracked(lanes[Math.floorMod(s.id().hashCode(), lanes.length)]);
        tracked.put(s.id(), t);
        run(t, () -> pool.preparedQuery("INSERT INTO active_sessions (prd_id, organization_id, user_subject, user_name,"
                + " status, socket_id, instance_id) VALUES ($1, $2, $3, $4, 'viewing', $5, $6)"
                + " ON CONFLICT (socket_id) DO NOTHING")
                .execute(Tuple.from(new Object[]{s.prdId(), s.grant().organizationId(), s.subject(), s.name(),
                        s.id(), instance.value()}))
                .chain(() -> event(s, "join")), "join");
    }

    public void left(CollabSession s) {
        Tracked t = tracked.remove(s.id());
        if (t != null) {
            run(t, () -> pool.preparedQuery("DELETE FROM active_sessions WHERE socket_id = $1")
                    .execute(Tuple.of(s.id())).chain(() -> event(s, "leave")), "leave");
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
        Tracked t = tracked.get(s.id());
        if (t == null) {
            return; // not joined (or already left)
        }
        Seen seen = t.seen;
        if (seen.key().equals(key) && now - seen.atNanos() < config.presence().touchInterval().toNanos()) {
            return;
        }
        boolean startsPrompting = "ai-prompting".equals(status) && !seen.key().startsWith("ai-prompting|");
        t.seen = new Seen(key, now);
        if (startsPrompting) {
            run(t, () -> event(s, "ai_prompt"), "ai_prompt");
        }
        run(t, () -> pool
                .preparedQuery("UPDATE active_sessions SET status = $2, cursor_position = $3, selection_start = $4,"
                        + " selection_end = $5, last_activity_at = now() WHERE socket_id = $1")
                .execute(Tuple.from(new Object[]{s.id(), status, cursor, start, end})).replaceWithVoid(), "update");
    }

    private Uni<Void> event(CollabSession s, String type) {
        return pool.preparedQuery("INSERT INTO collaboration_events (prd_id, user_subject, event_type, event_data)"
                + " VALUES ($1, $2, $3, jsonb_build_object('socket', $4::text, 'instance', $5::text))")
                .execute(Tuple.of(s.prdId(), s.subject(), type, s.id(), instance.value())).replaceWithVoid();
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

    private static void run(Tracked t, java.util.function.Supplier<Uni<?>> work, String what) {
        t.writes.submit(() -> work.get().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Presence %s failed: %s", what, failure.getMessage()))
                .onFailure().recoverWithNull()).subscribe().with(ignored -> {
                });
    }
}
