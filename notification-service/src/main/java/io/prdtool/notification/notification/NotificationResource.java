package io.prdtool.notification.notification;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.prdtool.notification.api.Params;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The caller's own in-app notifications. Another user's notification does not exist for the caller (404).
 */
@Path("/api/v1/notifications")
@Tag(name = "notifications", description = "The in-app inbox: list, unread count, read/unread/archive")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class NotificationResource {

    /** Unread counts are exact up to this; above it the display string is "99+". */
    static final int COUNT_CAP = 100;

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    NotificationRepository notifications;

    @RegisterForReflection
    @Schema(name = "UnreadCount", description = "count is exact up to 100; display is what a badge shows (\"99+\" above 99)")
    public record UnreadCount(int count, String display) {
    }

    @RegisterForReflection
    @Schema(name = "ReadAll")
    public record ReadAll(int marked) {
    }

    @GET
    @Operation(summary = "The caller's notifications, newest first (keyset pages)", description = "Filters: unread=true,"
            + " type (e.g. mention), prdId, archived=true (the archive instead of the inbox). Pass nextCursor as"
            + " cursor for the next page.")
    public Uni<CursorPage<NotificationView>> list(@QueryParam("unread") @DefaultValue("false") boolean unread,
            @QueryParam("type") String type, @QueryParam("prdId") String prdId,
            @QueryParam("archived") @DefaultValue("false") boolean archived, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        CursorPage.checkLimit(limit);
        if (type != null && NotificationType.parse(type).isEmpty()) {
            throw new ProblemException(io.prdtool.shared.problem.ProblemType.BAD_REQUEST, "Unknown type " + type,
                    java.util.Arrays.stream(NotificationType.values()).map(NotificationType::wire).toList());
        }
        UUID prd = Params.uuid("prdId", prdId);
        Long before = CursorPage.decode(cursor);
        var filter = new NotificationRepository.Filter(unread, type, prd, archived);
        return access.userId(jwt).chain(user -> user == null
                ? Uni.createFrom().item(new CursorPage<NotificationView>(List.of(), limit, null))
                : notifications.page(user, filter, before, limit)
                        .map(rows -> CursorPage.of(rows, limit, NotificationView::seq)));
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many unread notifications the caller has (capped at 100)")
    public Uni<UnreadCount> unreadCount() {
        return access.userId(jwt).chain(user -> user == null
                ? Uni.createFrom().item(0)
                : notifications.unreadCount(user, COUNT_CAP))
                .map(n -> new UnreadCount(n, n > 99 ? "99+" : String.valueOf(n)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of the caller's notifications")
    public Uni<NotificationView> get(@PathParam("id") UUID id) {
        return mine(id).chain(user -> notifications.get(user, id))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark a notification read (idempotent)")
    public Uni<NotificationView> read(@PathParam("id") UUID id) {
        return change(id, "read_at = coalesce(n.read_at, now())");
    }

    @POST
    @Path("/{id}/unread")
    @Operation(summary = "Mark a notification unread")
    public Uni<NotificationView> unread(@PathParam("id") UUID id) {
        return change(id, "read_at = NULL");
    }

    @POST
    @Path("/{id}/archive")
    @Operation(summary = "Move a notification to the archive (it leaves the inbox and the unread count)")
    public Uni<NotificationView> archive(@PathParam("id") UUID id) {
        return change(id, "archived_at = coalesce(n.archived_at, now())");
    }

    @POST
    @Path("/{id}/unarchive")
    @Operation(summary = "Move a notification back from the archive to the inbox")
    public Uni<NotificationView> unarchive(@PathParam("id") UUID id) {
        return change(id, "archived_at = NULL");
    }

    @POST
    @Path("/read-all")
    @Operation(summary = "Mark all the caller's notifications read (optionally only one PRD's)")
    public Uni<ReadAll> readAll(@QueryParam("prdId") String prdId) {
        UUID prd = Params.uuid("prdId", prdId);
        return access.userId(jwt).chain(user -> user == null
                ? Uni.createFrom().item(0)
                : notifications.readAll(user, prd)).map(ReadAll::new);
    }

    private Uni<NotificationView> change(UUID id, String set) {
        return mine(id).chain(user -> notifications.update(user, id, set).chain(changed -> changed
                ? notifications.get(user, id)
                : Uni.createFrom().<NotificationView>nullItem()))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    private Uni<UUID> mine(UUID id) {
        return access.knownUser(jwt, "Notification " + id);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Notification " + id);
    }

}
