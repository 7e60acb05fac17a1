package io.prdtool.ai.provider;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.settings.SettingsRepository;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;

/**
 * Which provider answers an organization: its own (set by an owner or admin) if it has one, else the deployment's
 * default, else none (generative actions then answer 503; everything else keeps working).
 */
@ApplicationScoped
public class Providers {

    @Inject
    AiConfig config;

    @Inject
    SettingsRepository settings;

    @Inject
    Instance<LlmProvider> implementations;

    public Optional<ProviderConfig> deploymentDefault() {
        AiConfig.Provider p = config.provider();
        if (p.baseUrl().filter(u -> !u.isBlank()).isEmpty() || p.model().filter(m -> !m.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderConfig(p.kind(), p.baseUrl().get().trim(), p.model().get().trim(),
                p.apiKey().filter(k -> !k.isBlank()).orElse(null), p.apiVersion(), p.tokenLimitField(),
                ProviderConfig.Source.DEPLOYMENT, false));
    }

    /** The provider that answers this organization, if any. */
    public Uni<Optional<ProviderConfig>> effective(UUID organizationId) {
        return settings.override(organizationId).chain(override -> {
            if (override.isEmpty()) {
                return Uni.createFrom().item(deploymentDefault());
            }
            var o = override.get();
            return settings.apiKey(organizationId).map(key -> Optional.of(new ProviderConfig(o.kind(), o.baseUrl(),
                    o.model(), key.orElse(null), o.apiVersion() == null
                            ? config.provider().apiVersion()
                            : o.apiVersion(),
                    o.tokenLimitField(), ProviderConfig.Source.ORGANIZATION, true)));
        });
    }

    /** As {@link #effective}, answering 503 when there is none. */
    public Uni<ProviderConfig> require(UUID organizationId) {
        return effective(organizationId).map(p -> p.orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                "No AI provider is configured for this organization or this deployment; the offline review,"
                        + " suggestions and usage still work")));
    }

    public LlmProvider implementation(ProviderConfig provider) {
        for (LlmProvider p : implementations) {
            if (p.supports(provider.kind())) {
                return p;
            }
        }
        throw new ProblemException(ProblemType.UNAVAILABLE, "No implementation for provider kind " + provider.kind());
    }

    public static final List<String> KINDS = List.of("openai", "azure");
}
