package io.prdtool.ai.settings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.ai.quota.Quotas;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The request and response shapes of the settings API. API keys are write-only: no shape returns one. */
public final class SettingsApi {

    private SettingsApi() {
    }

    @RegisterForReflection
    @Schema(name = "AiConfig", description = "What AI help an organization has: provider (or none), switches, budget,"
            + " limits. baseUrl and apiKey details are shown to owners and admins only.")
    public record ConfigView(UUID organizationId, boolean configured,
            @Schema(enumeration = {
                    "organization", "deployment", "none"}) String source,
            ProviderView provider,
            boolean aiEnabled, List<ActionView> actions, int promptRetentionDays,
            @Schema(enumeration = {"organization", "deployment"}) String retentionSource, Quotas.Usage budget,
            Long monthlyTokenCap, Limits limits, boolean canStoreApiKeys){
    }

    @RegisterForReflection
    @Schema(name = "AiProvider")
    public record ProviderView(@Schema(enumeration = {
            "openai", "azure"}) String kind, String model, String baseUrl,
            String apiVersion, String tokenLimitField, ApiKeyView apiKey, Instant updatedAt){
    }

    @RegisterForReflection
    @Schema(name = "AiApiKey", description = "Whether a key is stored and how to recognise it; never the key")
    public record ApiKeyView(boolean set, String last4, Instant setAt) {
    }

    @RegisterForReflection
    @Schema(name = "AiActionSwitch")
    public record ActionView(String name, boolean enabled, boolean requiresProvider, boolean available) {
    }

    @RegisterForReflection
    @Schema(name = "AiLimits")
    public record Limits(int requestsPerMinute, int concurrentStreams, int maxSelectionChars, int maxInputChars,
            int maxOutputTokens) {
    }

    @RegisterForReflection
    @Schema(name = "AiProviderUpdate", description = "An organization's own OpenAI-compatible provider. apiKey: absent"
            + " keeps the stored key, empty removes it.", example = """
                    {"kind": "openai", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini",
                     "apiKey": "sk-..."}""")
    public record ProviderUpdate(String kind, String baseUrl, String model, String apiKey, String apiVersion,
            String tokenLimitField) {

        @Override
        public String toString() {
            return "ProviderUpdate[kind=" + kind + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + (apiKey == null ? "unchanged" : "***") + "]";
        }
    }

    @RegisterForReflection
    @Schema(name = "AiConnectionTest")
    public record ConnectionTest(boolean ok, String source, String model, String modelReturned, Long latencyMs,
            UUID interactionId, String errorCode, String error) {
    }

    @RegisterForReflection
    @Schema(name = "AiRubric", description = "The review rubric: the organization's adjustments and the effective"
            + " rubric (defaults + adjustments); version changes whenever the effective rubric does")
    public record RubricView(String version, JsonNode adjustments, JsonNode effective) {
    }
}
