package io.prdtool.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.prdtool.testinfra.PackagedService;
import io.prdtool.testinfra.Tokens;
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
        PackagedService prd = prd();
        return Map.of("prdtool.integration.slack.api-base-url", standIn().url("/slack/api"),
                // the claim-check of large versions: prd-service's service endpoint with a service account's token
                "prdtool.integration.prd-service-url", prd.url(),
                "prdtool.integration.service-token-file", serviceTokenFile());
    }

    /** A token of the prdtool-service group (a service account), in a file as a mounted secret would be. */
    static synchronized String serviceTokenFile() {
        try {
            Path file = Files.createTempFile("prdtool-service-token", ".jwt");
            file.toFile().deleteOnExit();
            Files.writeString(file, Tokens.forTests().token("svc-integration-service",
                    "integration-service@service.prdtool.test", "integration-service", Set.of("prdtool-service"),
                    Duration.ofHours(12)) + "\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the process and the stand-in live for the whole JVM and stop with it
    }
}
