package io.prdtool.prd;

import org.junit.jupiter.api.TestInstance;

import io.prdtool.prd.support.OpenSearchProfile;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link SearchApiTest}'s relevance, syntax, snippets, filters, paging, tenancy, deletion, read-your-writes and
 * bad-input tests against the opensearch engine and a real OpenSearch 2.19 node.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@TestProfile(OpenSearchProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSearchSearchApiTest extends SearchApiTest {

    @Override
    String engine() {
        return "opensearch";
    }
}
