package io.prdtool.prd.template;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

public final class TemplateApi {

    private TemplateApi() {
    }

    @RegisterForReflection
    @Schema(name = "Template")
    public record TemplateView(UUID id, UUID organizationId, String name, String description,
            TemplateStructure structure, boolean isDefault, UUID createdBy, Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "CreateTemplate", example = """
            {"name": "Feature PRD", "description": "For new user-facing features", "isDefault": true,
             "structure": {"sections": [
               {"title": "Problem", "guidance": "Who has the problem?", "required": true},
               {"title": "Goals", "required": true},
               {"title": "Open questions", "required": false}]}}""")
    public record CreateTemplate(@NotBlank @Size(max = 255) String name, @Size(max = 10000) String description,
            @NotNull @Valid TemplateStructure structure,
            @Schema(description = "Make it the organization's default (the previous default stops being one)") Boolean isDefault) {
    }

    @Schema(name = "UpdateTemplate", description = "Absent fields stay unchanged; structure is replaced as a whole", example = """
            {"isDefault": true}""")
    public record UpdateTemplate(
            @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(max = 10000) String description, @Valid TemplateStructure structure, Boolean isDefault) {
    }
}
