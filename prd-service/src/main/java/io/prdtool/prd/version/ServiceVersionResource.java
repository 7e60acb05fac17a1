package io.prdtool.prd.version;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.prd.PrdRepository;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The claim-check of {@code PrdVersionCreated}: a version's Markdown for services working without a user (e.g.
 * integration-service publishing a large version to git). Only callers whose token carries the {@value #ROLE} group
 * (a service account of the identity provider, never a person) may read it, and only with the PRD's organization: a
 * PRD of another organization, or a deleted one, answers 404.
 */
@Path("/api/v1/service/prds/{prdId}/versions/{version}/content")
@Tag(name = "service", description = "Reads for service accounts (the prdtool-service group), not for people")
public class ServiceVersionResource {

    /** The JWT group a service account carries. */
    public static final String ROLE = "prdtool-service";

    private final PrdRepository prds;
    private final VersionRepository versions;

    public ServiceVersionResource(PrdRepository prds, VersionRepository versions) {
        this.prds = prds;
        this.versions = versions;
    }

    @GET
    @RolesAllowed(ROLE)
    @Produces("text/markdown")
    @Operation(summary = "A version's Markdown, for service accounts (claim-check of PrdVersionCreated)")
    @APIResponse(responseCode = "200", description = "The Markdown; header Content-SHA256 is its hash")
    @APIResponse(responseCode = "403", description = "The caller is not a service account")
    @APIResponse(responseCode = "404", description = "No such PRD in this organization, or no such version")
    public Uni<RestResponse<String>> content(@PathParam("prdId") UUID prdId, @PathParam("version") String version,
            @QueryParam("organizationId") UUID organizationId) {
        if (organizationId == null) {
            throw ProblemException.badRequest("Give organizationId, the PRD's organization");
        }
        SemVer wanted = SemVer.parse(version);
        return Panache.withSession(() -> prds.findById(prdId)
                .chain(prd -> prd == null || !organizationId.equals(prd.organizationId)
                        ? Uni.createFrom().failure(ProblemException.notFound("PRD"))
                        : versions.find(prdId, wanted.toString())))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Version " + wanted))
                .map(v -> RestResponse.ResponseBuilder.ok(v.content).header("Content-SHA256", Hashes.sha256(v.content))
                        .build());
    }
}
