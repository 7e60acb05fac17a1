package io.prdtool.integration.integration;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * An organization's integrations. Owners and admins manage them; members list them (without settings or credential
 * details); viewers get 403; other organizations' integrations answer 404. Credentials are write-only.
 */
@Path("/api/v1")
@Tag(name = "integrations", description = "Jira, Confluence, Slack, Mattermost, Teams, Craft, git and signed webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    IntegrationService service;

    @GET
    @Path("/orgs/{orgId}/integrations")
    @Operation(summary = "List the organization's integrations (members; settings and credential details for owners"
            + " and admins)")
    public Uni<IntegrationApi.IntegrationList> list(@PathParam("orgId") UUID orgId) {
        return service.list(orgId, jwt).map(IntegrationApi.IntegrationList::new);
    }

    @POST
    @Path("/orgs/{orgId}/integrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an integration (owners, admins)", description = "Several integrations of one type are"
            + " allowed, with different names. A webhook integration without a secret gets a generated signing"
            + " secret, returned once as generatedSecret.")
    public Uni<RestResponse<IntegrationApi.IntegrationView>> create(@PathParam("orgId") UUID orgId, JsonNode body) {
        return service.create(orgId, body, jwt)
                .map(v -> RestResponse.ResponseBuilder.<IntegrationApi.IntegrationView>created(
                        java.net.URI.create("/api/v1/integrations/" + v.id()))
                        .entity(v).build());
    }

    @GET
    @Path("/integrations/{id}")
    @Operation(summary = "One integration (members; settings and credential details for owners and admins)")
    public Uni<IntegrationApi.IntegrationView> get(@PathParam("id") UUID id) {
        return service.get(id, jwt);
    }

    @PATCH
    @Path("/integrations/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change name, settings or credential (owners, admins)")
    public Uni<IntegrationApi.IntegrationView> update(@PathParam("id") UUID id, JsonNode body) {
        return service.update(id, body, jwt);
    }

    @DELETE
    @Path("/integrations/{id}")
    @Operation(summary = "Delete an integration, its credential, mappings and delivery log (owners, admins)")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return service.delete(id, jwt).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/integrations/{id}/enable")
    @Operation(summary = "Enable (again): health is reset and pending deliveries resume (owners, admins)")
    public Uni<IntegrationApi.IntegrationView> enable(@PathParam("id") UUID id) {
        return service.enable(id, jwt);
    }

    @POST
    @Path("/integrations/{id}/disable")
    @Operation(summary = "Disable: deliveries wait until it is enabled again; IntegrationDisabled (manual) is"
            + " published (owners, admins)")
    public Uni<IntegrationApi.IntegrationView> disable(@PathParam("id") UUID id) {
        return service.disable(id, jwt);
    }

    @POST
    @Path("/integrations/{id}/test")
    @Operation(summary = "Test the connection (owners, admins)", description = "webhook: a signed io.prdtool.Ping;"
            + " slack/mattermost bot: auth.test / users/me; slack/mattermost webhook and teams: a test message."
            + " 501 for types whose adapter is not installed yet.")
    public Uni<IntegrationApi.TestResult> test(@PathParam("id") UUID id) {
        return service.test(id, jwt);
    }
}
