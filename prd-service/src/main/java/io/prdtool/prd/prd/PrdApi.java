package io.prdtool.prd.prd;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

public final class PrdApi {

    /** 1 MB of Markdown: far above any real PRD, far below the request body limit. */
    public static final int MAX_CONTENT = 1_000_000;

    private PrdApi() {
    }

    @RegisterForReflection
    @Schema(name = "Approval", description = "Who approved which content (SHA-256 of the approved Markdown)")
    public record Approval(UUID approvedBy, Instant approvedAt, String contentHash) {
    }

    @RegisterForReflection
    @Schema(name = "Prd")
    public record PrdView(UUID id, UUID organizationId, UUID projectId, String title, String slug,
            @Schema(enumeration = {
                    "draft", "in_review", "approved", "published", "archived"}) String status,
            @Schema(description = "Statuses this PRD may move to next") List<String> allowedTransitions,
            @Schema(example = "1.2.0") String currentVersion, String content,
            @Schema(description = "SHA-256 (hex) of content") String contentHash, Map<String, Object> metadata,
            UUID templateId, List<UUID> approverIds, Approval approval, UUID createdBy, UUID updatedBy,
            Instant createdAt, Instant updatedAt){
    }

    @RegisterForReflection
    @Schema(name = "PrdListItem", description = "A PRD without its content")
    public record PrdListItem(UUID id, UUID projectId, String title, String slug, String status,
            String currentVersion, UUID templateId, UUID createdBy, Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "CreatePrd", example = """
            {"title": "One-click checkout", "templateId": "2b1c6f7e-8d7a-4c1e-9f0a-3a1b2c3d4e5f",
             "metadata": {"priority": "P1", "labels": ["payments"]}}""")
    public record CreatePrd(@NotBlank @Size(max = 255) String title,
            @Schema(description = "Unique in the project; derived from the title when absent") @Size(max = 100) String slug,
            @Schema(description = "Markdown; when absent the template's skeleton (or the organization's default template) is used") @Size(max = MAX_CONTENT) String content,
            Map<String, Object> metadata,
            @Schema(description = "A template of the same organization") UUID templateId,
            @Schema(description = "Members who may approve this PRD besides owners and admins (owners/admins only)") @Size(max = 20) List<@NotNull UUID> approverIds) {
    }

    @Schema(name = "ImportPrd", description = "A Markdown document, with optional YAML front matter (title, slug,"
            + " status: draft, template_id, metadata, approver_ids), as a new PRD. The other fields override the front"
            + " matter.", example = """
                    {"markdown": "---\\ntitle: One-click checkout\\nmetadata:\\n  priority: P1\\n---\\n\\n## Problem\\n"}""")
    public record ImportPrd(
            @NotNull @Schema(description = "The document: at most 1,000,000 characters after its front matter") String markdown,
            @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String title,
            @Size(max = 100) String slug, Map<String, Object> metadata, UUID templateId,
            @Size(max = 20) List<@NotNull UUID> approverIds) {
    }

    @Schema(name = "UpdatePrd", description = "Absent fields stay unchanged; metadata is replaced as a whole. Changing"
            + " the content of an approved or published PRD returns it to in_review.", example = """
                    {"content": "# One-click checkout\\n\\n## Problem\\n\\nCheckout takes 4 steps.\\n"}""")
    public record UpdatePrd(
            @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String title,
            @Size(max = 100) String slug, @Size(max = MAX_CONTENT) String content, Map<String, Object> metadata) {
    }

    @Schema(name = "ChangeStatus", example = """
            {"status": "in_review"}""")
    public record ChangeStatus(
            @NotNull @Schema(enumeration = {
                    "draft", "in_review", "approved", "published", "archived"}) String status){
    }

    @Schema(name = "Approve", description = "Optionally pin the content you reviewed: the approval fails with 409 if"
            + " the PRD changed since", example = """
                    {"contentHash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}""")
    public record Approve(
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 hex digest") String contentHash) {
    }

    @Schema(name = "SetApprovers", example = """
            {"userIds": ["6f1c1a52-4d0e-4a9e-8a57-2b1e4c7d9f10"]}""")
    public record SetApprovers(@NotNull @Size(max = 20) List<@NotNull UUID> userIds) {
    }
}
