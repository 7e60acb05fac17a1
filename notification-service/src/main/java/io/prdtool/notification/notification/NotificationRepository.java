package io.prdtool.notification.notification;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The recipient's side of notifications: pages, counts, read/unread/archive. Every read re-checks access: a
 * notification from an organization the recipient left, or about a PRD that is gone, is not shown.
 */
@ApplicationScoped
public class NotificationRepository {

    /**
     * The PRD's title comes from a scalar subquery and visibility from EXISTS filters, not from a join: with only
     * {@code notifications} in FROM the planner walks {@code (recipient_id, seq DESC)} and stops at the limit, also in
     * a generic plan of a prepared statement (with {@code LEFT JOIN prds} the generic plan hash-joined and sorted all of
     * a user's rows: 150-200 ms for 100,000 notifications, see bench/README.md).
     */
    static final String COLUMNS = "n.id, n.seq, n.type, n.title, n.body, n.link, n.organization_id, n.prd_id,"
            + " (SELECT p.title FROM prds p WHERE p.id = n.prd_id) AS prd_title, n.actor_id, n.data, n.read_at,"
            + " n.archived_at, n.created_at, n.updated_at";

    /** Rows the recipient may still see ({@code n} is the notification). */
    static final String VISIBLE = "(n.organization_id IS NULL OR EXISTS (SELECT 1 FROM org_members m"
            + " WHERE m.organization_id = n.organization_id AND m.user_id = n.recipient_id))"
            + " AND (n.prd_id IS NULL OR EXISTS (SELECT 1 FROM prds p WHERE p.id = n.prd_id"
            + " AND p.deleted_at IS NULL))";

    static final String FROM = " FROM notifications n";

    /** $1 the recipient, $2 the cap. */
    static final String UNREAD_COUNT_SQL = "SELECT count(*) AS n FROM (SELECT 1" + FROM + " WHERE n.recipient_id = $1"
            + " AND n.read_at IS NULL AND n.archived_at IS NULL AND " + VISIBLE + " LIMIT $2) capped";

    @Inject
    Pool pool;

    /** Filters of the inbox page. {@code archived}: false (default) the inbox, true the archive. */
    public record Filter(boolean unreadOnly, String type, UUID prdId, boolean archived) {
    }

    /** One page, newest first, after the {@code beforeSeq} cursor; one row more than {@code limit} says "more". */
    public Uni<List<NotificationView>> page(UUID recipientId, Filter f, Long beforeSeq, int limit) {
        List<Object> params = new ArrayList<>(List.of(recipientId));
        if (beforeSeq != null) {
            params.add(beforeSeq);
        }
        if (f.type() != null) {
            params.add(f.type());
        }
        if (f.prdId() != null) {
            params.add(f.prdId());
        }
        params.add(limit + 1);
        return pool.preparedQuery(pageSql(f, beforeSeq != null)).execute(Tuple.from(params))
                .map(NotificationRepository::views);
    }

    /**
     * The page query: $1 the recipient, then the cursor (if any), the type and PRD filters (if set), and the limit
     * last (also run by the benchmark).
     */
    static String pageSql(Filter f, boolean cursor) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(FROM)
                .append(" WHERE n.recipient_id = $1 AND ").append(VISIBLE)
                .append(f.archived() ? " AND n.archived_at IS NOT NULL" : " AND n.archived_at IS NULL");
        int n = 1;
        if (cursor) {
            sql.append(" AND n.seq < $").append(++n);
        }
        if (f.unreadOnly()) {
            sql.append(" AND n.read_at IS NULL");
        }
        if (f.type() != null) {
            sql.append(" AND n.type = $").append(++n);
        }
        if (f.prdId() != null) {
            sql.append(" AND n.prd_id = $").append(++n);
        }
        return sql.append(" ORDER BY n.seq DESC LIMIT $").append(++n).toString();
    }

    /** Visible, unarchived notifications after {@code afterSeq}, oldest first (stream catch-up and live push). */
    public Uni<List<NotificationView>> since(UUID recipientId, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE n.recipient_id = $1 AND n.seq > $2 AND "
                + VISIBLE + " AND n.archived_at IS NULL ORDER BY n.seq LIMIT $3")
                .execute(Tuple.of(recipientId, afterSeq, limit)).map(NotificationRepository::views);
    }

    /** The recipient's newest seq (where a stream without Last-Event-ID starts). */
    public Uni<Long> latestSeq(UUID recipientId) {
        return pool.preparedQuery("SELECT coalesce(max(seq), 0) AS seq FROM notifications WHERE recipient_id = $1")
                .execute(Tuple.of(recipientId)).map(rows -> rows.iterator().next().getLong("seq"));
    }

    /** Unread, unarchived, visible notifications, counted up to {@code cap} (the partial index answers it). */
    public Uni<Integer> unreadCount(UUID recipientId, int cap) {
        return pool.preparedQuery(UNREAD_COUNT_SQL)
                .execute(Tuple.of(recipientId, cap)).map(rows -> rows.iterator().next().getInteger("n"));
    }

    public Uni<NotificationView> get(UUID recipientId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE n.id = $1 AND n.recipient_id = $2 AND "
                + VISIBLE).execute(Tuple.of(id, recipientId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** Applies {@code set} (an SQL assignment list) to the recipient's notification; false if there is none. */
    public Uni<Boolean> update(UUID recipientId, UUID id, String set) {
        return pool.preparedQuery("UPDATE notifications n SET " + set + ", updated_at = now()"
                + " WHERE n.id = $1 AND n.recipient_id = $2 AND " + VISIBLE)
                .execute(Tuple.of(id, recipientId)).map(rows -> rows.rowCount() > 0);
    }

    /** Marks every unread notification of the recipient read (optionally only one PRD's); returns how many. */
    public Uni<Integer> readAll(UUID recipientId, UUID prdId) {
        return pool.preparedQuery("UPDATE notifications SET read_at = now(), updated_at = now()"
                + " WHERE recipient_id = $1 AND read_at IS NULL AND ($2::uuid IS NULL OR prd_id = $2)")
                .execute(Tuple.of(recipientId, prdId)).map(rows -> rows.rowCount());
    }

    private static List<NotificationView> views(Iterable<Row> rows) {
        List<NotificationView> out = new ArrayList<>();
        rows.forEach(r -> out.add(view(r)));
        return out;
    }

    static NotificationView view(Row r) {
        OffsetDateTime readAt = r.getOffsetDateTime("read_at");
        OffsetDateTime archivedAt = r.getOffsetDateTime("archived_at");
        return new NotificationView(r.getUUID("id"), r.getLong("seq"), r.getString("type"), r.getString("title"),
                r.getString("body"), r.getString("link"), r.getUUID("organization_id"), r.getUUID("prd_id"),
                r.getString("prd_title"), r.getUUID("actor_id"), r.getJsonObject("data").getMap(), readAt != null,
                readAt == null ? null : readAt.toInstant(), archivedAt != null,
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }
}
