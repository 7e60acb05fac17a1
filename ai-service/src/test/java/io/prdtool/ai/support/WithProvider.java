package io.prdtool.ai.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * ai-service with the stand-in as its deployment provider, private endpoints allowed (so an organization may point
 * its own provider at the stand-in on loopback too), and limits small enough to reach in a test.
 */
public class WithProvider implements QuarkusTestProfile {

    public static final String MODEL = "stand-in-model";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("prdtool.ai.provider.base-url", Services.standIn().baseUrl(),
                "prdtool.ai.provider.model", MODEL,
                "prdtool.ai.provider.api-key", "deployment-key",
                "prdtool.ai.provider.allow-private-endpoints", "true",
                "prdtool.ai.limits.requests-per-minute", "6",
                "prdtool.ai.limits.concurrent-streams", "2");
    }
}
