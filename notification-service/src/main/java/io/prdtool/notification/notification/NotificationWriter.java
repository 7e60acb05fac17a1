package io.prdtool.notification.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.delivery.DeliveryMetrics;
import io.prdtool.notification.preference.PreferenceRepository;
import io.prdtool.notification.preference.Preferences;
import io.prdtool.notification.projection.ProjectionRepository;
import io.prdtool.notification.projection.ProjectionRepository.Recipient;
import io.prdtool.notification.stream.PushSignals;
import io.prdtool.shared.events.notification.NotificationCreated;
import io.prdtool.shared.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Creates a notification inside the consumer's transaction: at most one per recipient, source event and type
 * ({@code INSERT … ON CONFLICT DO NOTHING}); the email and chat deliveries the recipient's preferences ask for;
 * {@link NotificationCreated} in the outbox (the chat hand-off to integration-service); and a push signal to every
 * instance ({@code NOTIFY}, delivered on commit). Edits ("PRD updated") join the recipient's open group for the PRD
 * instead of making a new notification.
 */
@ApplicationScoped
public class NotificationWriter {

    private static final String INSERT = "INSERT INTO notifications (recipient_id, organization_id, type, prd_id,"
            + " actor_id, source_event_id, title, body, link, data, group_closes_at, read_at, archived_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
            + " ON CONFLICT (recipient_id, source_event_id, type) DO NOTHING RETURNING id, seq, created_at";

    @Inject
    ProjectionRepository projection;

    @Inject
    PreferenceRepository preferences;

    @Inject
    Outbox outbox;

    @Inject
    PushSignals push;

    @Inject
    NotificationConfig config;

    @Inject
    DeliveryMetrics metrics;

    /** Creates (or groups) the notification; emits whether a new notification row was made. */
    public Uni<Boolean> create(SqlConnection c, Draft d) {
        return projection.recipient(c, d.recipientId())
                .chain(r -> preferences.load(c, r.id()).chain(p -> create(c, d, r, p)));
    }

    private Uni<Boolean> create(SqlConnection c, Draft d, Recipient r, Preferences p) {
        NotificationType type = d.type();
        boolean inApp = p.enabled(type, Channel.IN_APP);
        // an unknown address is not "no email": the user's own event may still be on its way (the runner waits for it)
        boolean email = p.enabled(type, Channel.EMAIL);
        boolean chat = p.enabled(type, Channel.CHAT);
        if (!inApp && !email && !chat) {
            return Uni.createFrom().item(false);
        }
        Messages m = Texts.of(p.settings().locale());
        Instant now = Instant.now();
        if (type.noisy() && d.prdId() != null) {
            return openGroup(c, d).chain(open -> open == null
                    ? insert(c, d, r, p, m, inApp, email, chat, now)
                    : join(c, d, m, open, inApp, now).replaceWith(false));
        }
        return insert(c, d, r, p, m, inApp, email, chat, now);
    }

    private Uni<Boolean> insert(SqlConnection c, Draft d, Recipient r, Preferences p, Messages m, boolean inApp,
            boolean email, boolean chat, Instant now) {
        NotificationType type = d.type();
        Draft.Text text = d.text().apply(m);
        JsonObject data = d.data() == null ? new JsonObject() : d.data().copy();
        Instant groupCloses = null;
        if (type.noisy() && d.prdId() != null) {
            data.put("count", 1).put("editors", new JsonArray().add(actor(d, m)));
            groupCloses = now.plus(min(config.email().groupIdle(), config.email().groupMax()));
        }
        OffsetDateTime hidden = inApp ? null : utc(now); // only there for its email or chat delivery
        Tuple row = Tuple.from(new Object[]{d.recipientId(), d.organizationId(), type.wire(), d.prdId(),
                d.actorId(), d.sourceEventId(), truncate(text.title(), 500), text.body(), d.link(), data,
                groupCloses == null ? null : utc(groupCloses), hidden});
        Instant closes = groupCloses;
        return c.preparedQuery(INSERT).execute(row).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false); // this recipient already has it (a redelivered event)
            }
            Row inserted = rows.iterator().next();
            UUID id = inserted.getUUID("id");
            long seq = inserted.getLong("seq");
            Instant createdAt = inserted.getOffsetDateTime("created_at").toInstant();
            Instant quietUntil = type.critical() ? null : p.settings().quietUntil(now);
            List<Uni<?>> steps = new ArrayList<>();
            if (email) {
                Instant due = now.plus(config.email().hold());
                if (closes != null && closes.isAfter(due)) {
                    due = closes;
                }
                if (quietUntil != null && quietUntil.isAfter(due)) {
                    due = quietUntil;
                }
                steps.add(delivery(c, id, Channel.EMAIL, d, "pending", due, null));
            }
            if (chat) {
                // the chat channel's hand-off is NotificationCreated itself (integration-service delivers it)
                steps.add(delivery(c, id, Channel.CHAT, d, "sent", null, "handed_off")
                        .invoke(() -> metrics.delivery("chat", "sent")));
            }
            steps.add(outbox.append(c, new NotificationCreated(id, d.organizationId(), d.recipientId(), r.email(),
                    r.name(), type.wire(), d.prdId(), d.prdTitle(), text.title(), text.body(), d.link(),
                    d.actorId(), d.sourceEventId(), chat, chat ? quietUntil : null, createdAt)));
            if (inApp) {
                steps.add(push.signal(c, d.recipientId(), seq));
            }
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Uni<?> step : steps) {
                all = all.chain(() -> step).replaceWithVoid();
            }
            return all.replaceWith(true);
        });
    }

    private Uni<Void> delivery(SqlConnection c, UUID notificationId, Channel channel, Draft d, String status,
            Instant due, String reason) {
        return c.preparedQuery("INSERT INTO notification_deliveries (notification_id, channel, recipient_id,"
                + " organization_id, prd_id, type, status, next_attempt_at, reason, sent_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[]{notificationId, channel.wire(), d.recipientId(), d.organizationId(),
                        d.prdId(), d.type().wire(), status, due == null ? null : utc(due), reason,
                        "sent".equals(status) ? utc(Instant.now()) : null}))
                .replaceWithVoid();
    }

    /** The recipient's open edit group for the PRD, locked, or null. */
    private Uni<Row> openGroup(SqlConnection c, Draft d) {
        return c.preparedQuery("SELECT id, data, created_at FROM notifications WHERE recipient_id = $1"
                + " AND prd_id = $2 AND type = $3 AND group_closes_at > now() ORDER BY created_at DESC LIMIT 1"
                + " FOR UPDATE").execute(Tuple.of(d.recipientId(), d.prdId(), d.type().wire()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** One more edit in an open group: counted, the editor named, the group kept open, pushed again. */
    private Uni<Void> join(SqlConnection c, Draft d, Messages m, Row open, boolean inApp, Instant now) {
        JsonObject data = open.getJsonObject("data");
        int count = data.getInteger("count", 1) + 1;
        JsonArray editors = data.getJsonArray("editors", new JsonArray());
        String actor = actor(d, m);
        if (!editors.contains(actor)) {
            editors.add(actor);
        }
        data.put("count", count).put("editors", editors);
        String title = m.prdUpdatedGroup(d.prdTitle() == null ? "" : d.prdTitle(), count,
                String.join(", ", editors.stream().map(String::valueOf).toList()));
        UUID id = open.getUUID("id");
        return c.preparedQuery("UPDATE notifications SET seq = DEFAULT, data = $2, title = $3, actor_id = $4,"
                + " read_at = CASE WHEN $5 THEN NULL ELSE read_at END, updated_at = now(),"
                + " group_closes_at = least(created_at + make_interval(secs => $6), now() + make_interval(secs => $7))"
                + " WHERE id = $1 RETURNING seq, group_closes_at")
                .execute(Tuple.from(new Object[]{id, data, truncate(title, 500), d.actorId(), inApp,
                        seconds(config.email().groupMax()), seconds(config.email().groupIdle())}))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    long seq = r.getLong("seq");
                    OffsetDateTime closes = r.getOffsetDateTime("group_closes_at");
                    return c.preparedQuery("UPDATE notification_deliveries SET next_attempt_at ="
                            + " greatest(next_attempt_at, $2) WHERE notification_id = $1 AND channel = 'email'"
                            + " AND status = 'pending'").execute(Tuple.of(id, closes))
                            .chain(() -> inApp ? push.signal(c, d.recipientId(), seq) : Uni.createFrom().voidItem());
                });
    }

    private static String actor(Draft d, Messages m) {
        return d.actorName() == null || d.actorName().isBlank() ? m.someone() : d.actorName();
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
