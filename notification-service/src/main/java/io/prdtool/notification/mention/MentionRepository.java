package io.prdtool.notification.mention;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The mentions of each PRD's latest content seen (and its revision), so only new mentions notify. */
@ApplicationScoped
public class MentionRepository {

    /** The last mention set seen of a PRD and the revision it came from. */
    public record Seen(long revision, List<UUID> userIds) {
    }

    /** The PRD's last seen mentions, locked for this transaction, or null. */
    public Uni<Seen> lock(SqlClient c, UUID prdId) {
        return c.preparedQuery("SELECT revision, user_ids FROM prd_mentions WHERE prd_id = $1 FOR UPDATE")
                .execute(Tuple.of(prdId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    UUID[] ids = r.getArrayOfUUIDs("user_ids");
                    return new Seen(r.getLong("revision"), ids == null ? List.of() : List.of(ids));
                });
    }

    public Uni<Void> save(SqlClient c, UUID prdId, long revision, Collection<UUID> userIds) {
        return c.preparedQuery("INSERT INTO prd_mentions (prd_id, revision, user_ids) VALUES ($1, $2, $3)"
                + " ON CONFLICT (prd_id) DO UPDATE SET revision = excluded.revision, user_ids = excluded.user_ids,"
                + " updated_at = now()").execute(Tuple.of(prdId, revision, userIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }
}
