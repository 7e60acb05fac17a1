package io.prdtool.integration.support;

import java.util.Map;

import io.prdtool.testinfra.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What integration-service talks to in its tests: the real prd-service (packaged, as a process on the test database
 * and broker: tenants, members and PRDs are made through it and reach us as its events) and the {@link StandIn}
 * targets (webhook receivers, Slack, Mattermost, Teams) on a free port of localhost.
 */
public class Services implements QuarkusTestResourceLifecycleManager {

    private static StandIn standIn;

    public static PackagedService prd() {
        return PackagedService.shared("prd-service");
    }

    public static synchronized StandIn standIn() {
        if (standIn == null) {
            // lives until the JVM exits (closing it could wait on a reply a fault test delayed)
            standIn = StandIn.start();
        }
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        prd();
        return Map.of("prdtool.integration.slack.api-base-url", standIn().url("/slack/api"));
    }

    @Override
    public void stop() {
        // the process and the stand-in live for the whole JVM and stop with it
    }
}
