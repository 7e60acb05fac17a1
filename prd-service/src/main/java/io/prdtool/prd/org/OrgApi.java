package io.prdtool.prd.org;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The wire shapes of organizations and memberships. Entities never leave the service; these do. */
public final class OrgApi {

    private OrgApi() {
    }

    @RegisterForReflection
    @Schema(name = "Organization")
    public record OrgView(UUID id, String name, String slug, Map<String, Object> settings,
            @Schema(enumeration = {
                    "free", "team", "business", "enterprise"}) String subscriptionTier,
            @Schema(description = "Your role in this organization", enumeration = {"owner", "admin", "member",
                    "viewer"}) String role,
            Instant createdAt, Instant updatedAt){
    }

    @Schema(name = "CreateOrganization", example = """
            {"name": "Acme Corp", "slug": "acme", "settings": {"locale": "en-GB"}, "subscriptionTier": "team"}""")
    public record CreateOrg(@NotBlank @Size(max = 255) String name,
            @Schema(description = "Unique across the platform; derived from the name when absent") @Size(max = 100) String slug,
            Map<String, Object> settings,
            @Schema(enumeration = {
                    "free", "team", "business", "enterprise"}, defaultValue = "free") String subscriptionTier){
    }

    @Schema(name = "UpdateOrganization", description = "Absent fields stay unchanged; settings are replaced as a whole", example = """
            {"name": "Acme Corporation", "settings": {"locale": "en-US"}}""")
    public record UpdateOrg(
            @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(max = 100) String slug, Map<String, Object> settings,
            @Schema(description = "Owners only", enumeration = {
                    "free", "team", "business", "enterprise"}) String subscriptionTier){
    }

    @RegisterForReflection
    @Schema(name = "Member")
    public record MemberView(UUID userId, String email, String name, String avatarUrl,
            @Schema(enumeration = {
                    "owner", "admin", "member", "viewer"}) String role,
            @Schema(description = "True until the user logs in for the first time") boolean pending,
            UUID invitedBy, Instant joinedAt){
    }

    @Schema(name = "AddMember", description = "Identify the user by email (works before their first login) or by id", example = """
            {"email": "grace@example.com", "name": "Grace Hopper", "role": "member"}""")
    public record AddMember(@Email @Size(max = 255) String email, UUID userId,
            @Schema(description = "Display name for a user who has not logged in yet") @Size(max = 255) String name,
            @NotNull @Schema(enumeration = {
                    "owner", "admin", "member", "viewer"}) String role){
    }

    @Schema(name = "ChangeMemberRole", example = """
            {"role": "admin"}""")
    public record ChangeRole(@NotNull @Schema(enumeration = {
            "owner", "admin", "member", "viewer"}) String role){
    }
}
