package io.prdtool.notification.watch;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.notification.access.Access;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The caller's watch on a PRD: {@code watching} (edits, status changes, versions, approvals reach them),
 * {@code muted} (nothing about the PRD except an approval request) or {@code none}. A manual change is sticky: later
 * edits, mentions or approvals do not re-subscribe. Only members of the PRD's organization may watch it (others: 404).
 */
@Path("/api/v1/prds/{prdId}/watch")
@Tag(name = "watch", description = "Watch, mute or unwatch a PRD")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WatchResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    WatchRepository watches;

    @Inject
    Pool pool;

    @RegisterForReflection
    @Schema(name = "Watch")
    public record Watch(UUID prdId, @Schema(enumeration = {
            "watching", "muted", "none"}) String state){
    }

    @RegisterForReflection
    @Schema(name = "SetWatch", example = "{\"state\": \"muted\"}")
    public record SetWatch(@Schema(enumeration = {
            "watching", "muted", "none"}) String state){
    }

    @GET
    @Operation(summary = "The caller's watch state for the PRD")
    public Uni<Watch> get(@PathParam("prdId") UUID prdId) {
        return access.prd(prdId, jwt).chain(a -> watches.state(pool, prdId, a.userId()))
                .map(s -> new Watch(prdId, s.wire()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Watch (default), mute or unwatch the PRD")
    public Uni<Watch> put(@PathParam("prdId") UUID prdId, SetWatch body) {
        String wanted = body == null || body.state() == null ? "watching" : body.state();
        WatchRepository.State state = switch (wanted) {
            case "watching" -> WatchRepository.State.WATCHING;
            case "muted" -> WatchRepository.State.MUTED;
            case "none" -> WatchRepository.State.NONE;
            default -> throw new ProblemException(ProblemType.BAD_REQUEST, "Unknown watch state " + wanted,
                    List.of("watching", "muted", "none"));
        };
        return set(prdId, state);
    }

    @DELETE
    @Operation(summary = "Stop watching the PRD (sticky: later activity does not re-subscribe)")
    public Uni<Watch> delete(@PathParam("prdId") UUID prdId) {
        return set(prdId, WatchRepository.State.NONE);
    }

    private Uni<Watch> set(UUID prdId, WatchRepository.State state) {
        return access.prd(prdId, jwt)
                .chain(a -> pool.withTransaction(c -> watches.set(c, prdId, a.userId(), state)))
                .map(ignored -> new Watch(prdId, state.wire()));
    }
}
