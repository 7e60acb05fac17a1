package io.prdtool.collab.presence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.collab.access.AccessGuard;
import io.prdtool.collab.config.CollabConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Who is on a PRD right now (any member of its organization). */
@Path("/api/v1/prds/{prdId}/presence")
@Tag(name = "presence", description = "Live sessions on a PRD")
@Authenticated
public class PresenceResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    AccessGuard guard;

    @Inject
    Pool pool;

    @Inject
    CollabConfig config;

    public record Session(String userSubject, String userName, String status, Integer cursorPosition,
            Integer selectionStart, Integer selectionEnd, OffsetDateTime joinedAt, OffsetDateTime lastActivityAt) {
    }

    /**
     * A session's status as its client announced it, unless ai-service is running an AI action for its user on this
     * PRD ({@link AiPromptingProjection}): then "ai-prompting".
     */
    private static final String STATUS = "CASE WHEN EXISTS (SELECT 1 FROM ai_interactions i WHERE i.prd_id = s.prd_id"
            + " AND i.user_subject = s.user_subject AND i.started_at IS NOT NULL AND i.ended_at IS NULL"
            + " AND i.expires_at > now()) THEN 'ai-prompting' ELSE s.status END AS status";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open sessions on the PRD, most recently active first (stale sessions excluded); a user for"
            + " whom ai-service is running an AI action on the PRD shows as ai-prompting in all their sessions")
    public Uni<List<Session>> list(@PathParam("prdId") UUID prdId) {
        return guard.read(prdId, jwt).chain(grant -> pool.preparedQuery("SELECT s.user_subject, s.user_name, " + STATUS
                + ", s.cursor_position, s.selection_start, s.selection_end, s.joined_at, s.last_activity_at"
                + " FROM active_sessions s"
                + " WHERE s.prd_id = $1 AND s.last_activity_at >= now() - make_interval(secs => $2)"
                + " ORDER BY s.last_activity_at DESC LIMIT 500")
                .execute(Tuple.of(prdId, (double) config.presence().staleAfter().toMillis() / 1000))
                .map(rows -> {
                    List<Session> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Session(r.getString("user_subject"), r.getString("user_name"),
                                r.getString("status"), r.getInteger("cursor_position"),
                                r.getInteger("selection_start"), r.getInteger("selection_end"),
                                r.getOffsetDateTime("joined_at"), r.getOffsetDateTime("last_activity_at")));
                    }
                    return out;
                }));
    }
}
