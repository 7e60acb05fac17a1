package io.prdtool.prd.support;

import java.util.List;
import java.util.Map;

import io.prdtool.testinfra.OpenSearchResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** prd-service with the opensearch search engine, against this JVM's real OpenSearch node. */
public class OpenSearchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("prdtool.search.engine", "opensearch",
                "prdtool.search.opensearch.index-prefix", "api-test");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OpenSearchResource.class));
    }
}
