package io.prdtool.integration.jira;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.integration.access.Access;
import io.prdtool.integration.integration.IntegrationService;
import io.prdtool.integration.integration.IntegrationType;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Jira back-sync endpoints: the webhook receiver, the webhook secret, and a PRD's sync status. */
@Path("/api/v1")
@Tag(name = "integrations")
public class JiraHookResource {

    @RegisterForReflection
    @Schema(name = "JiraWebhookSecret", description = "Shown once: register url with this secret in Jira (Settings →"
            + " System → WebHooks, event 'Issue updated', JQL labels = prdtool)")
    public record WebhookSecret(String url, String secret) {
    }

    @RegisterForReflection
    @Schema(name = "PrdIntegrationStatus", description = "Per Jira integration: issues of the PRD done / total (the"
            + " epic not counted)")
    public record Status(UUID integrationId, String type, String name, long done, long total,
            @Schema(description = "Issues whose requirement a newer version removed (labelled prd-removed; not in"
                    + " done/total)") long removed) {
    }

    @RegisterForReflection
    public record StatusList(UUID prdId, List<Status> items) {
    }

    @Inject
    JiraBackSync backSync;

    @Inject
    IntegrationService integrations;

    @Inject
    Access access;

    @Inject
    Pool pool;

    @Inject
    JsonWebToken jwt;

    @POST
    @Path("/hooks/jira/{integrationId}")
    @PermitAll
    @Operation(summary = "Jira webhook receiver", description = "Verifies X-Hub-Signature (sha256=hex HMAC-SHA256 of"
            + " the raw body with the integration's webhook secret), stores the delivery once per"
            + " X-Atlassian-Webhook-Identifier and answers 202; processed afterwards.")
    @APIResponse(responseCode = "202", description = "Stored (or a replay, ignored)")
    @APIResponse(responseCode = "401", description = "Signature missing or wrong; nothing stored")
    public Uni<Response> receive(@PathParam("integrationId") String integrationId,
            @HeaderParam("X-Hub-Signature") String signature,
            @HeaderParam("X-Atlassian-Webhook-Identifier") String identifier, byte[] body) {
        UUID id;
        try {
            id = UUID.fromString(integrationId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.status(401).build());
        }
        return backSync.receive(id, body == null ? new byte[0] : body, signature, identifier)
                .map(r -> r == JiraBackSync.Received.ACCEPTED
                        ? Response.accepted().build()
                        : Response.status(401).build());
    }

    @POST
    @Path("/integrations/{id}/jira/webhook-secret")
    @Authenticated
    @Operation(summary = "Generate the Jira webhook secret (owners, admins)", description = "A new secret replaces"
            + " the previous one; it is shown only in this answer.")
    public Uni<WebhookSecret> secret(@PathParam("id") UUID id) {
        return integrations.admin(id, jwt).chain(r -> {
            if (r.integration().type() != IntegrationType.JIRA) {
                throw ProblemException.badRequest("Integration " + id + " is not a Jira integration");
            }
            return backSync.newSecret(r.integration())
                    .map(secret -> new WebhookSecret("/api/v1/hooks/jira/" + id, secret));
        });
    }

    @GET
    @Path("/prds/{prdId}/integrations/status")
    @Authenticated
    @Operation(summary = "Sync status of a PRD's Jira issues (members of its organization)")
    @APIResponse(responseCode = "404", description = "No such PRD in the caller's organizations")
    public Uni<StatusList> status(@PathParam("prdId") UUID prdId) {
        return pool.preparedQuery("SELECT organization_id FROM prds WHERE id = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(prdId)).chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("PRD " + prdId);
                    }
                    UUID org = rows.iterator().next().getUUID("organization_id");
                    return access.member(org, jwt)
                            .onFailure(ProblemException.class).transform(f -> ProblemException.notFound("PRD "
                                    + prdId))
                            .chain(m -> pool.preparedQuery("SELECT i.id, i.type, i.name,"
                                    + " count(*) FILTER (WHERE m.remote_done AND m.sync_status <> 'removed') AS done,"
                                    + " count(*) FILTER (WHERE m.sync_status <> 'removed') AS total,"
                                    + " count(*) FILTER (WHERE m.sync_status = 'removed') AS removed"
                                    + " FROM integration_mappings m JOIN integrations i ON i.id = m.integration_id"
                                    + " WHERE m.prd_id = $1 AND i.organization_id = $2 AND m.external_type = $3"
                                    + " AND m.external_key <> $4 AND m.external_id IS NOT NULL"
                                    + " GROUP BY i.id, i.type, i.name ORDER BY i.name")
                                    .execute(Tuple.of(prdId, org, JiraMappings.TYPE, JiraMappings.EPIC)))
                            .map(list -> {
                                List<Status> items = new java.util.ArrayList<>();
                                list.forEach(r -> items.add(new Status(r.getUUID("id"), r.getString("type"),
                                        r.getString("name"), r.getLong("done"), r.getLong("total"),
                                        r.getLong("removed"))));
                                return new StatusList(prdId, items);
                            });
                });
    }
}
