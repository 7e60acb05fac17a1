package io.prdtool.ai.clients;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * prd-service, called on a user's behalf with their own token (prd-service checks their access again): their role
 * in an organization, a PRD's stored content, its template's sections, and the difference between two versions.
 */
@RegisterRestClient(configKey = "prd-service")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface PrdServiceClient {

    @GET
    @Path("/orgs/{orgId}")
    Uni<Organization> organization(@PathParam("orgId") UUID orgId, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/prds/{prdId}")
    Uni<Prd> prd(@PathParam("prdId") UUID prdId, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/templates/{templateId}")
    Uni<Template> template(@PathParam("templateId") UUID templateId,
            @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/prds/{prdId}/versions/compare")
    Uni<Comparison> compare(@PathParam("prdId") UUID prdId, @QueryParam("from") String from,
            @QueryParam("to") String to, @HeaderParam("Authorization") String authorization);

    /** An organization as the caller sees it: {@code role} is the caller's own. */
    @RegisterForReflection
    record Organization(UUID id, String subscriptionTier, String role) {
    }

    @RegisterForReflection
    record Prd(UUID id, UUID organizationId, UUID projectId, String title, String content, String contentHash,
            UUID templateId) {
    }

    @RegisterForReflection
    record Template(UUID id, UUID organizationId, String name, Structure structure) {
    }

    @RegisterForReflection
    record Structure(List<Section> sections) {
    }

    @RegisterForReflection
    record Section(String title, String guidance, boolean required) {
    }

    @RegisterForReflection
    record Comparison(UUID prdId, String from, String to, int linesAdded, int linesRemoved, String unifiedDiff) {
    }
}
