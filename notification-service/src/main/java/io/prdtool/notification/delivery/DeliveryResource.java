package io.prdtool.notification.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.notification.access.Access;
import io.prdtool.notification.api.CursorPage;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The delivery log of an organization's notifications (email and chat), for its owners and admins. */
@Path("/api/v1/orgs/{orgId}/notification-deliveries")
@Tag(name = "notification-deliveries", description = "Delivery log per notification and channel (owners, admins)")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeliveryResource {

    static final List<String> STATUSES = List.of("pending", "held", "sending", "sent", "skipped", "failed", "dead");
    static final List<String> CHANNELS = List.of("email", "chat");

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    Pool pool;

    @RegisterForReflection
    @Schema(name = "NotificationDelivery")
    public record DeliveryView(UUID notificationId, String channel, String type, UUID recipientId,
            String recipientEmail, UUID prdId, String status, String reason, int attempts, Instant nextAttemptAt,
            String lastError, Instant sentAt, String providerMessageId, Instant createdAt, long seq) {
    }

    @GET
    @Operation(summary = "Deliveries of the organization's notifications, newest first (owners, admins)")
    public Uni<CursorPage<DeliveryView>> list(@PathParam("orgId") UUID orgId, @QueryParam("status") String status,
            @QueryParam("channel") String channel, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        CursorPage.checkLimit(limit);
        if (status != null && !STATUSES.contains(status)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "Unknown status " + status, STATUSES);
        }
        if (channel != null && !CHANNELS.contains(channel)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "Unknown channel " + channel, CHANNELS);
        }
        Long before = CursorPage.decode(cursor);
        return access.administrator(orgId, jwt).chain(ignored -> pool.preparedQuery("SELECT d.*, n.seq, u.email"
                + " FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " LEFT JOIN users u ON u.id = d.recipient_id WHERE d.organization_id = $1"
                + " AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.channel = $3)"
                + " AND ($4::bigint IS NULL OR n.seq < $4) ORDER BY n.seq DESC, d.channel LIMIT $5")
                .execute(Tuple.from(new Object[]{orgId, status, channel, before, limit + 1})))
                .map(rows -> {
                    List<DeliveryView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DeliveryView(r.getUUID("notification_id"), r.getString("channel"),
                                r.getString("type"), r.getUUID("recipient_id"), r.getString("email"),
                                r.getUUID("prd_id"), r.getString("status"), r.getString("reason"),
                                r.getInteger("attempts"), instant(r.getOffsetDateTime("next_attempt_at")),
                                r.getString("last_error"), instant(r.getOffsetDateTime("sent_at")),
                                r.getString("provider_message_id"), instant(r.getOffsetDateTime("created_at")),
                                r.getLong("seq")));
                    }
                    return CursorPage.of(out, limit, DeliveryView::seq);
                });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
