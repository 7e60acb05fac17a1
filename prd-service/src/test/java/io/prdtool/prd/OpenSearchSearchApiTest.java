package io.prdtool.prd;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.TestInstance;

import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.OpenSearchResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link SearchApiTest}'s relevance, syntax, snippets, filters, paging, tenancy, deletion, read-your-writes and
 * bad-input tests against the opensearch engine and a real OpenSearch 2.19 node.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@TestProfile(OpenSearchSearchApiTest.OpenSearchEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSearchSearchApiTest extends SearchApiTest {

    public static class OpenSearchEngine implements QuarkusTestProfile {

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

    @Override
    String engine() {
        return "opensearch";
    }
}
