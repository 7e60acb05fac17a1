package io.prdtool.integration.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The request and response shapes of the integrations API. No shape returns a credential, except once: see below. */
public final class IntegrationApi {

    private IntegrationApi() {
    }

    @RegisterForReflection
    @Schema(name = "Integration", description = "An integration. settings and secret are shown to owners and admins"
            + " only; generatedSecret only in the answer that generated it (a webhook signing secret), never again.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntegrationView(UUID id, UUID organizationId, @Schema(enumeration = {
            "jira", "confluence", "slack",
            "mattermost", "teams", "craft", "git", "webhook"}) String type, String name, boolean enabled,
            JsonNode settings, SecretView secret, String generatedSecret, HealthView health, String createdBy,
            Instant createdAt, Instant updatedAt){
    }

    @RegisterForReflection
    @Schema(name = "IntegrationSecret", description = "Whether a credential is stored and how to recognise it; never"
            + " the credential")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretView(boolean set, String last4, Instant setAt, Instant expiresAt) {
    }

    @RegisterForReflection
    @Schema(name = "IntegrationHealth", description = "Why it is disabled (auth, gone, failures, manual), the last"
            + " error, failed attempts in a row and the circuit (closed, open, half_open)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthView(String disabledReason, Instant disabledAt, String lastError, int consecutiveFailures,
            String circuit, Instant circuitRetryAt, Instant lastSuccessAt) {
    }

    @RegisterForReflection
    @Schema(name = "IntegrationCreate", description = "type, name and settings (per type, see the README); secret is"
            + " the credential (write-only).", example = """
                    {"type": "slack", "name": "#product", "settings": {"mode": "webhook",
                     "events": ["PrdApproved", "PrdVersionCreated"]},
                     "secret": "https://hooks.slack.com/services/T000/B000/XXXX"}""")
    public record CreateIntegration(String type, String name, Boolean enabled, JsonNode settings, String secret,
            Instant secretExpiresAt) {

        @Override
        public String toString() {
            return "CreateIntegration[type=" + type + ", name=" + name + ", secret=" + (secret == null ? "none" : "***")
                    + "]";
        }
    }

    @RegisterForReflection
    @Schema(name = "IntegrationUpdate", description = "Absent fields are unchanged; settings fields given replace"
            + " those stored (null removes one). secret replaces the credential (a webhook's previous signing secret"
            + " keeps signing for the grace period); rotateSecret generates a new webhook signing secret.")
    public record UpdateIntegration(String name, JsonNode settings, String secret, Instant secretExpiresAt,
            Boolean rotateSecret) {

        @Override
        public String toString() {
            return "UpdateIntegration[name=" + name + ", secret=" + (secret == null ? "unchanged" : "***") + "]";
        }
    }

    @RegisterForReflection
    @Schema(name = "IntegrationTest", description = "ok: the target accepted the test call; else failure (retryable,"
            + " terminal, auth, gone) and detail say why")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestResult(boolean ok, Integer status, String detail, String failure, long durationMs) {
    }

    @RegisterForReflection
    public record IntegrationList(List<IntegrationView> items) {
    }
}
