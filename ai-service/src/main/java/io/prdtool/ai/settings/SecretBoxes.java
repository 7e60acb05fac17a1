package io.prdtool.ai.settings;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.prdtool.ai.AiConfig;
import io.prdtool.shared.crypto.SecretBox;

/**
 * ai-service's {@link SecretBox}: keys from {@code prdtool.ai.secrets.keys.<id>} (base64 of 32 bytes) and
 * {@code prdtool.ai.secrets.active-key-id}; and the associated data that binds a provider API key to its
 * organization's row.
 */
@ApplicationScoped
public class SecretBoxes {

    @Produces
    @Singleton
    SecretBox secretBox(AiConfig config) {
        return new SecretBox(config.secrets().keys(), config.secrets().activeKeyId(), "prdtool.ai.secrets");
    }

    /** The associated data that binds a provider API key to its organization's row. */
    public static String providerKeyBinding(UUID organizationId) {
        return "ai_provider_secrets:" + organizationId;
    }
}
