package io.prdtool.notification.stream;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.access.Access;
import io.prdtool.notification.notification.NotificationRepository;
import io.prdtool.notification.notification.NotificationView;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Live push of the caller's notifications as server-sent events. Each event is {@code notification} with the
 * notification's {@code seq} as its id; a reconnecting client sends {@code Last-Event-ID} (or {@code ?lastEventId=})
 * and first gets everything it missed. A {@code :heartbeat} comment keeps idle connections open.
 */
@Path("/api/v1/notifications")
@Tag(name = "notification-stream", description = "Live push of new notifications (SSE)")
public class StreamResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    StreamTickets tickets;

    @Inject
    StreamHub hub;

    @Inject
    NotificationRepository notifications;

    @Inject
    NotificationConfig config;

    @Inject
    Vertx vertx;

    @POST
    @Path("/stream-ticket")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "A single-use ticket that opens one stream within 60 s (for EventSource, which cannot send an"
            + " Authorization header)", description = "Use it as GET /api/v1/notifications/stream?ticket=...; get a new"
                    + " one for every (re)connection and pass the last event id as lastEventId.")
    public Uni<StreamTickets.Ticket> ticket() {
        return access.knownUser(jwt, "User").chain(tickets::issue);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @Blocking
    @Operation(summary = "The caller's new notifications as server-sent events", description = "Authenticate with the"
            + " Authorization header, or with ?ticket= from POST /stream-ticket (never a long-lived token in the URL)."
            + " Events: notification (data: the notification; id: its seq). Last-Event-ID (or ?lastEventId=) replays"
            + " what came after it; without it the stream starts with what arrives from now on.")
    public Multi<OutboundSseEvent> stream(@QueryParam("ticket") String ticket,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParam, @Context Sse sse) {
        // identity and the start position are settled on this worker thread, so a refusal is still an HTTP status
        UUID user = identify(ticket, authorization).await().atMost(Duration.ofSeconds(10));
        Long after = parseSeq(lastEventId != null ? lastEventId : lastEventIdParam);
        long start = after != null ? after : notifications.latestSeq(user).await().atMost(Duration.ofSeconds(10));
        long heartbeat = config.stream().heartbeat().toMillis();
        return Multi.createFrom().emitter(emitter -> {
            StreamHub.Session session = hub.open(user, start, n -> emitter.emit(event(sse, n)));
            long timer = vertx.setPeriodic(heartbeat,
                    id -> emitter.emit(sse.newEventBuilder().comment("heartbeat").build()));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                session.close();
            });
        });
    }

    private Uni<UUID> identify(String ticket, String authorization) {
        if (authorization != null && !authorization.isBlank()) {
            if (jwt.getSubject() == null) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, "A valid bearer token is required");
            }
            return access.knownUser(jwt, "User");
        }
        if (ticket != null) {
            return tickets.redeem(ticket).onItem().ifNull().failWith(() -> new ProblemException(
                    ProblemType.UNAUTHORIZED, "The stream ticket is unknown, used or expired; get a new one"));
        }
        throw new ProblemException(ProblemType.UNAUTHORIZED,
                "A bearer token (Authorization header) or a stream ticket (?ticket=) is required");
    }

    private static Long parseSeq(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Last-Event-ID must be the id of an event of this stream");
        }
    }

    static OutboundSseEvent event(Sse sse, NotificationView n) {
        return sse.newEventBuilder().name("notification").id(Long.toString(n.seq()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(n).build();
    }
}
