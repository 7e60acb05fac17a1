package io.prdtool.prd.project;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

public final class ProjectApi {

    private ProjectApi() {
    }

    @RegisterForReflection
    @Schema(name = "Project")
    public record ProjectView(UUID id, UUID organizationId, String name, String slug, String description,
            Map<String, Object> settings, String gitRepoUrl, boolean archived, Instant archivedAt, UUID createdBy,
            Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "CreateProject", example = """
            {"name": "Checkout", "slug": "checkout", "description": "Payments and checkout flow",
             "gitRepoUrl": "https://github.com/acme/checkout-prds.git", "settings": {"reviewers": 2}}""")
    public record CreateProject(@NotBlank @Size(max = 255) String name,
            @Schema(description = "Unique in the organization; derived from the name when absent") @Size(max = 100) String slug,
            @Size(max = 10000) String description, Map<String, Object> settings,
            @Schema(description = "https://host/owner/repo, ssh://host/owner/repo or git@host:owner/repo.git") String gitRepoUrl) {
    }

    @Schema(name = "UpdateProject", description = "Absent fields stay unchanged; an empty description or gitRepoUrl clears it", example = """
            {"description": "Payments, checkout and refunds"}""")
    public record UpdateProject(
            @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(max = 100) String slug, @Size(max = 10000) String description, Map<String, Object> settings,
            String gitRepoUrl) {
    }
}
