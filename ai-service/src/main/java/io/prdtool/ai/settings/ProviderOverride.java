package io.prdtool.ai.settings;

import java.time.Instant;
import java.util.UUID;

/** An organization's own provider (without its key, which only {@link SettingsRepository#apiKey} decrypts). */
public record ProviderOverride(UUID organizationId, String kind, String baseUrl, String model, String apiVersion,
        String tokenLimitField, String apiKeyLast4, Instant apiKeySetAt, Instant updatedAt) {
}
