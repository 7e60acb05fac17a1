package io.prdtool.notification.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The email delivery log and digests, all rules in SQL: due rows are claimed with {@code FOR UPDATE SKIP LOCKED} (a
 * claim is a lease: a row whose instance died is claimed again after {@code delivery.lease}), so two instances never
 * work on the same email at once.
 */
@ApplicationScoped
public class DeliveryRepository {

    @Inject
    Pool pool;

    @Inject
    NotificationConfig config;

    /** A claimed email with what deciding about it needs. */
    public record Due(UUID notificationId, UUID recipientId, UUID organizationId, UUID prdId, String type,
            int attempts, String title, String body, String link, String prdTitle, String email, boolean read,
            boolean visible, Instant groupClosesAt, Instant createdAt) {
    }

    /** A claimed digest. */
    public record DueDigest(UUID id, UUID recipientId, String kind, int attempts, String email) {
    }

    /** An item of a digest. */
    public record Held(UUID notificationId, String title, String link, String prdTitle, boolean readOrGone) {
    }

    public Uni<List<Due>> claimEmails(int limit) {
        return pool.preparedQuery("WITH due AS (SELECT notification_id FROM notification_deliveries"
                + " WHERE channel = 'email' AND status IN ('pending', 'failed', 'sending') AND next_attempt_at <= now()"
                + " ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),"
                + " claimed AS (UPDATE notification_deliveries d SET status = 'sending',"
                + " next_attempt_at = now() + make_interval(secs => $2), updated_at = now() FROM due"
                + " WHERE d.notification_id = due.notification_id AND d.channel = 'email'"
                + " RETURNING d.notification_id, d.recipient_id, d.attempts)"
                + " SELECT c.notification_id, c.recipient_id, c.attempts, n.organization_id, n.prd_id, n.type, n.title,"
                + " n.body, n.link, p.title AS prd_title, u.email, n.read_at IS NOT NULL OR n.archived_at IS NOT NULL"
                + " AS read, (n.organization_id IS NULL OR EXISTS (SELECT 1 FROM org_members m"
                + " WHERE m.organization_id = n.organization_id AND m.user_id = n.recipient_id))"
                + " AND (n.prd_id IS NULL OR p.deleted_at IS NULL) AS visible, n.group_closes_at, n.created_at"
                + " FROM claimed c JOIN notifications n ON n.id = c.notification_id"
                + " LEFT JOIN prds p ON p.id = n.prd_id LEFT JOIN users u ON u.id = c.recipient_id")
                .execute(Tuple.of(limit, seconds(config.delivery().lease())))
                .map(rows -> {
                    List<Due> out = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime closes = r.getOffsetDateTime("group_closes_at");
                        out.add(new Due(r.getUUID("notification_id"), r.getUUID("recipient_id"),
                                r.getUUID("organization_id"), r.getUUID("prd_id"), r.getString("type"),
                                r.getInteger("attempts"), r.getString("title"), r.getString("body"),
                                r.getString("link"), r.getString("prd_title"), r.getString("email"),
                                r.getBoolean("read"), r.getBoolean("visible"),
                                closes == null ? null : closes.toInstant(),
                                r.getOffsetDateTime("created_at").toInstant()));
                    }
                    return out;
                });
    }

    /** Back to pending until {@code at} (an edit group still open, quiet hours). */
    public Uni<Void> postpone(UUID notificationId, Instant at) {
        return pool.preparedQuery("UPDATE notification_deliveries SET status = 'pending', next_attempt_at = $2,"
                + " updated_at = now() WHERE notification_id = $1 AND channel = 'email'")
                .execute(Tuple.of(notificationId, utc(at))).replaceWithVoid();
    }

    public Uni<Void> skip(UUID notificationId, String reason) {
        return pool.preparedQuery("UPDATE notification_deliveries SET status = 'skipped', reason = $2,"
                + " next_attempt_at = NULL, updated_at = now() WHERE notification_id = $1 AND channel = 'email'")
                .execute(Tuple.of(notificationId, reason)).replaceWithVoid();
    }

    public Uni<Void> sent(UUID notificationId, String messageId) {
        return pool.preparedQuery("UPDATE notification_deliveries SET status = 'sent', attempts = attempts + 1,"
                + " sent_at = now(), provider_message_id = $2, next_attempt_at = NULL, last_error = NULL,"
                + " updated_at = now() WHERE notification_id = $1 AND channel = 'email'")
                .execute(Tuple.of(notificationId, messageId)).replaceWithVoid();
    }

    /** A failed attempt: retried at {@code retryAt}, or dead when {@code retryAt} is null. */
    public Uni<Void> failed(UUID notificationId, String error, Instant retryAt) {
        return pool.preparedQuery("UPDATE notification_deliveries SET status = CASE WHEN $3::timestamptz IS NULL"
                + " THEN 'dead' ELSE 'failed' END, attempts = attempts + 1, last_error = $2, next_attempt_at = $3,"
                + " updated_at = now() WHERE notification_id = $1 AND channel = 'email'")
                .execute(Tuple.of(notificationId, truncate(error), retryAt == null ? null : utc(retryAt)))
                .replaceWithVoid();
    }

    /**
     * Whether the recipient got a "PRD updated" email about the PRD within the cooldown (sent on its own or in a
     * digest).
     */
    public Uni<Boolean> inCooldown(UUID recipientId, UUID prdId, String type) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM notification_deliveries WHERE recipient_id = $1"
                + " AND prd_id = $2 AND type = $3 AND channel = 'email' AND status = 'sent'"
                + " AND sent_at > now() - make_interval(secs => $4)) AS hit")
                .execute(Tuple.of(recipientId, prdId, type, seconds(config.email().prdCooldown())))
                .map(rows -> rows.iterator().next().getBoolean("hit"));
    }

    /** Immediate (not digest) emails sent to the recipient within the overflow window. */
    public Uni<Integer> immediateEmailsSent(UUID recipientId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM notification_deliveries WHERE recipient_id = $1"
                + " AND channel = 'email' AND status = 'sent' AND digest_id IS NULL"
                + " AND sent_at > now() - make_interval(secs => $2)")
                .execute(Tuple.of(recipientId, seconds(config.email().overflowWindow())))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /**
     * Holds the email for the recipient's open digest of {@code kind}, opening one due at {@code dueIfNew} if there is
     * none (a later email joins it; the first held one sets when it goes out).
     */
    public Uni<Void> holdForDigest(UUID notificationId, UUID recipientId, String kind, Instant dueIfNew) {
        return pool.withTransaction(c -> c.preparedQuery("INSERT INTO notification_digests (recipient_id, kind,"
                + " due_at) VALUES ($1, $2, $3) ON CONFLICT (recipient_id, kind) WHERE status = 'open'"
                + " DO UPDATE SET updated_at = now() RETURNING id")
                .execute(Tuple.of(recipientId, kind, utc(dueIfNew)))
                .chain(rows -> c.preparedQuery("UPDATE notification_deliveries SET status = 'held', reason = $3,"
                        + " digest_id = $2, next_attempt_at = NULL, updated_at = now() WHERE notification_id = $1"
                        + " AND channel = 'email'").execute(Tuple.of(notificationId,
                                rows.iterator().next().getUUID("id"),
                                kind.equals("daily") ? "daily_digest" : "digest"))))
                .replaceWithVoid();
    }

    public Uni<List<DueDigest>> claimDigests(int limit) {
        return pool.preparedQuery("WITH due AS (SELECT id FROM notification_digests"
                + " WHERE status IN ('open', 'failed', 'sending') AND due_at <= now() ORDER BY due_at LIMIT $1"
                + " FOR UPDATE SKIP LOCKED),"
                + " claimed AS (UPDATE notification_digests g SET status = 'sending',"
                + " due_at = now() + make_interval(secs => $2), updated_at = now() FROM due WHERE g.id = due.id"
                + " RETURNING g.id, g.recipient_id, g.kind, g.attempts)"
                + " SELECT c.id, c.recipient_id, c.kind, c.attempts, u.email FROM claimed c"
                + " LEFT JOIN users u ON u.id = c.recipient_id")
                .execute(Tuple.of(limit, seconds(config.delivery().lease())))
                .map(rows -> {
                    List<DueDigest> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new DueDigest(r.getUUID("id"), r.getUUID("recipient_id"),
                            r.getString("kind"), r.getInteger("attempts"), r.getString("email"))));
                    return out;
                });
    }

    public Uni<List<Held>> held(UUID digestId) {
        return pool.preparedQuery("SELECT n.id, n.title, n.link, p.title AS prd_title, n.read_at IS NOT NULL"
                + " OR n.archived_at IS NOT NULL OR NOT ((n.organization_id IS NULL OR EXISTS (SELECT 1"
                + " FROM org_members m WHERE m.organization_id = n.organization_id AND m.user_id = n.recipient_id))"
                + " AND (n.prd_id IS NULL OR p.deleted_at IS NULL)) AS gone"
                + " FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " LEFT JOIN prds p ON p.id = n.prd_id WHERE d.digest_id = $1 AND d.channel = 'email'"
                + " AND d.status = 'held' ORDER BY n.seq").execute(Tuple.of(digestId))
                .map(rows -> {
                    List<Held> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Held(r.getUUID("id"), r.getString("title"), r.getString("link"),
                            r.getString("prd_title"), r.getBoolean("gone"))));
                    return out;
                });
    }

    /** The digest went out (or had nothing left): its held emails are sent, or skipped if read meanwhile. */
    public Uni<Void> digestDone(UUID digestId, String status, String messageId, List<UUID> included) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE notification_digests SET status = $2::text,"
                + " attempts = attempts + CASE WHEN $2::text = 'sent' THEN 1 ELSE 0 END, sent_at = CASE WHEN $2::text = 'sent'"
                + " THEN now() END, updated_at = now() WHERE id = $1").execute(Tuple.of(digestId, status))
                .chain(() -> c.preparedQuery("UPDATE notification_deliveries d SET status = CASE WHEN $2::text = 'sent'"
                        + " AND n.read_at IS NULL AND n.archived_at IS NULL THEN 'sent' ELSE 'skipped' END,"
                        + " reason = CASE WHEN $2::text = 'sent' AND n.read_at IS NULL AND n.archived_at IS NULL"
                        + " THEN d.reason ELSE 'read' END, sent_at = CASE WHEN $2::text = 'sent' THEN now() END,"
                        + " provider_message_id = $3, updated_at = now() FROM notifications n"
                        + " WHERE n.id = d.notification_id AND d.digest_id = $1 AND d.status = 'held'"
                        + " AND d.notification_id = ANY($4)")
                        .execute(Tuple.of(digestId, status, messageId, included.toArray(UUID[]::new)))))
                .replaceWithVoid();
    }

    public Uni<Void> digestFailed(UUID digestId, String error, Instant retryAt) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE notification_digests SET status = CASE"
                + " WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'failed' END, attempts = attempts + 1,"
                + " last_error = $2, due_at = coalesce($3, due_at), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(digestId, truncate(error), retryAt == null ? null : utc(retryAt)))
                .chain(() -> retryAt != null
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery("UPDATE notification_deliveries SET status = 'dead', last_error = $2,"
                                + " updated_at = now() WHERE digest_id = $1 AND status = 'held'")
                                .execute(Tuple.of(digestId, truncate(error))).replaceWithVoid()))
                .replaceWithVoid();
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
