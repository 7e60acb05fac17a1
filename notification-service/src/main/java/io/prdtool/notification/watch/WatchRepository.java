package io.prdtool.notification.watch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who watches which PRD. Automatic watches (on create, edit, mention, approver) insert only where the user has no
 * row yet, so a manual unwatch or mute is sticky; the watch API sets the state explicitly.
 */
@ApplicationScoped
public class WatchRepository {

    /** The state of a user's watch on a PRD, as the API shows it. */
    public enum State {

        WATCHING, MUTED, NONE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Starts watching for each user that has no watch row for the PRD yet (members of its organization only). */
    public Uni<Void> autoWatch(SqlClient c, UUID prdId, Collection<UUID> userIds, String reason) {
        List<UUID> ids = userIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO prd_watchers (prd_id, user_id, state, reason)"
                + " SELECT $1, m.user_id, 'watching', $3 FROM prds p"
                + " JOIN org_members m ON m.organization_id = p.organization_id AND m.user_id = ANY($2)"
                + " WHERE p.id = $1 AND p.deleted_at IS NULL ON CONFLICT (prd_id, user_id) DO NOTHING")
                .execute(Tuple.of(prdId, ids.toArray(UUID[]::new), reason)).replaceWithVoid();
    }

    public Uni<Void> set(SqlClient c, UUID prdId, UUID userId, State state) {
        String stored = state == State.NONE ? "unwatched" : state.wire();
        return c.preparedQuery("INSERT INTO prd_watchers (prd_id, user_id, state, reason) VALUES ($1, $2, $3,"
                + " 'manual') ON CONFLICT (prd_id, user_id) DO UPDATE SET state = excluded.state, reason = 'manual',"
                + " updated_at = now()").execute(Tuple.of(prdId, userId, stored)).replaceWithVoid();
    }

    public Uni<State> state(SqlClient c, UUID prdId, UUID userId) {
        return c.preparedQuery("SELECT state FROM prd_watchers WHERE prd_id = $1 AND user_id = $2")
                .execute(Tuple.of(prdId, userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return State.NONE;
                    }
                    return switch (rows.iterator().next().getString("state")) {
                        case "watching" -> State.WATCHING;
                        case "muted" -> State.MUTED;
                        default -> State.NONE;
                    };
                });
    }

    /** Users watching the PRD (not muted, not unwatched). */
    public Uni<List<UUID>> watchers(SqlClient c, UUID prdId) {
        return c.preparedQuery("SELECT user_id FROM prd_watchers WHERE prd_id = $1 AND state = 'watching'")
                .execute(Tuple.of(prdId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** Users who muted the PRD: they hear nothing about it except requests addressed to them (approvals). */
    public Uni<List<UUID>> muted(SqlClient c, UUID prdId) {
        return c.preparedQuery("SELECT user_id FROM prd_watchers WHERE prd_id = $1 AND state = 'muted'")
                .execute(Tuple.of(prdId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }
}
