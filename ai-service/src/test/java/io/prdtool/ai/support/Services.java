package io.prdtool.ai.support;

import java.util.Map;

import io.prdtool.testinfra.OpenAiStandIn;
import io.prdtool.testinfra.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real services ai-service talks to in its tests: prd-service and collab-service (packaged, as processes on the
 * test database and broker) and an OpenAI-compatible stand-in on a free port (a provider we cannot reach from here;
 * it speaks the published wire format and checks our requests against the published spec).
 */
public class Services implements QuarkusTestResourceLifecycleManager {

    private static OpenAiStandIn standIn;

    public static PackagedService prd() {
        return PackagedService.shared("prd-service");
    }

    public static PackagedService collab() {
        // collab-service asks prd-service for a new document's content (and for PRDs it has not heard of yet)
        return PackagedService.shared("collab-service", "-Dprdtool.collab.instance-id=ai-tests",
                "-Dprdtool.collab.access.prd-service-url=" + prd().url());
    }

    public static synchronized OpenAiStandIn standIn() {
        if (standIn == null) {
            // lives until the JVM exits (closing it in a shutdown hook can wait on connections a test left stalled)
            standIn = OpenAiStandIn.start();
        }
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.prd-service.url", prd().url(),
                "quarkus.rest-client.collab-service.url", collab().url());
    }

    @Override
    public void stop() {
        // the processes live for the whole JVM (shared by every test class and profile) and stop with it
    }
}
