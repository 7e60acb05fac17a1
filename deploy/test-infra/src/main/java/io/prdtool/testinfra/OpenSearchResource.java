package io.prdtool.testinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at this JVM's real OpenSearch node ({@link OpenSearchServer#shared()}, started on
 * first use): {@code prdtool.search.opensearch.urls}, and replicas 0 (one node).
 */
public class OpenSearchResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("prdtool.search.opensearch.urls", OpenSearchServer.shared().url(),
                "prdtool.search.opensearch.replicas", "0");
    }

    @Override
    public void stop() {
        // The node lives for the whole JVM (shared by every test class) and stops with it.
    }
}
