package io.prdtool.integration.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.integration.integration.IntegrationService;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The delivery log of an integration (owners and admins): list with keyset paging and a status filter, one delivery
 * with its attempts, and replay of a failed or dead one (same delivery id, so a receiver that saw it dedupes).
 */
@Path("/api/v1")
@Tag(name = "deliveries", description = "What was delivered to each integration, each attempt, and replays")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    static final List<String> STATUSES = List.of(Delivery.PENDING, Delivery.IN_FLIGHT, Delivery.DELIVERED,
            Delivery.FAILED, Delivery.DEAD);

    @Inject
    JsonWebToken jwt;

    @Inject
    IntegrationService integrations;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Tx tx;

    @GET
    @Path("/integrations/{id}/deliveries")
    @Operation(summary = "An integration's deliveries, newest first (owners, admins)")
    public Uni<DeliveryApi.DeliveryPage> list(@PathParam("id") UUID id, @QueryParam("status") String status,
            @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ProblemException(ProblemType.VALIDATION, "status must be one of " + String.join(", ", STATUSES),
                    STATUSES);
        }
        if (limit < 1 || limit > 200) {
            throw new ProblemException(ProblemType.VALIDATION, "limit must be between 1 and 200");
        }
        Cursor cursor = after == null ? null : Cursor.parse(after);
        return integrations.admin(id, jwt).chain(r -> deliveries.page(id, status,
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit + 1))
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<Delivery> page = more ? rows.subList(0, limit) : rows;
                    Delivery last = page.isEmpty() ? null : page.get(page.size() - 1);
                    return new DeliveryApi.DeliveryPage(page.stream().map(d -> view(d, false, null)).toList(),
                            more ? new Cursor(last.createdAt(), last.id()).encode() : null);
                });
    }

    @GET
    @Path("/deliveries/{id}")
    @Operation(summary = "One delivery with its payload and attempts (owners, admins)")
    public Uni<DeliveryApi.DeliveryView> get(@PathParam("id") UUID id) {
        return delivery(id).chain(d -> deliveries.attempts(id).map(attempts -> view(d, true, attempts)));
    }

    @POST
    @Path("/deliveries/{id}/retry")
    @Operation(summary = "Replay a failed or dead delivery now, with a fresh retry schedule (owners, admins)", description = "409 when the delivery is not failed or dead. The integration must be enabled for it to run.")
    public Uni<DeliveryApi.DeliveryView> retry(@PathParam("id") UUID id) {
        return delivery(id)
                .chain(d -> tx.writeWithConnection(d.organizationId(), c -> deliveries.replay(c, id)))
                .invoke(replayed -> {
                    if (!replayed) {
                        throw new ProblemException(ProblemType.CONFLICT, "Only failed or dead deliveries can be"
                                + " replayed");
                    }
                    dispatcher.wake();
                })
                .chain(() -> deliveries.find(id)).map(d -> view(d.orElseThrow(), false, null));
    }

    private Uni<Delivery> delivery(UUID id) {
        return deliveries.find(id).chain(found -> {
            Delivery d = found.orElseThrow(() -> ProblemException.notFound("Delivery " + id));
            return integrations.admin(d.integrationId(), jwt)
                    .onFailure(f -> f instanceof ProblemException p && p.type() == ProblemType.NOT_FOUND)
                    .transform(f -> ProblemException.notFound("Delivery " + id))
                    .replaceWith(d);
        });
    }

    static DeliveryApi.DeliveryView view(Delivery d, boolean full, List<DeliveryRepository.Attempt> attempts) {
        return new DeliveryApi.DeliveryView(d.id(), d.integrationId(), d.organizationId(), d.action(), d.prdId(),
                d.sourceEventId(), d.sourceEventType(), d.status(), d.attempts(), d.nextAttemptAt(), d.lastStatus(),
                d.lastError(), d.externalId(), d.externalUrl(), d.createdAt(), d.updatedAt(), d.deliveredAt(),
                full ? d.payload() : null,
                attempts == null
                        ? null
                        : attempts.stream().map(a -> new DeliveryApi.AttemptView(a.attemptNo(),
                                a.startedAt(), a.durationMs(), a.outcome(), a.statusCode(), a.errorClass(), a.error(),
                                a.requestExcerpt(), a.responseExcerpt())).toList());
    }

    /** The position after a page: (created_at, id) of its last row, opaque to clients. */
    record Cursor(Instant createdAt, UUID id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt.toString() + "|" + id)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String s) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.VALIDATION, "after is not a cursor this API returned");
            }
        }
    }
}
