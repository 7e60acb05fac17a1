package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.prdtool.prd.support.OpenSearchProfile;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.OpenSearchServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * {@link SearchApiTest}'s relevance, syntax, snippets, filters, paging, tenancy, deletion, read-your-writes and
 * bad-input tests against the opensearch engine and a real OpenSearch 2.19 node; and what a search does while that
 * node is down.
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

    @Test
    void answersFromPostgresWhileOpenSearchIsDown() {
        OpenSearchServer node = OpenSearchServer.shared();
        assumeFalse(node.isExternal(), "an external OpenSearch node is not stopped by tests");
        // a keyset cursor: only an index engine pages with it, the postgres engine refuses it (400)
        String cursor = search("problem", null).statusCode(200).extract().path("nextCursor");
        assertThat(cursor).isNotNull();
        node.stop();
        try {
            List<String> titles = search("invoices", null).statusCode(200).extract().path("items.title");
            assertThat(titles).containsExactly("Invoice export");
            search("problem", cursor).statusCode(400).contentType("application/problem+json");
        } finally {
            node.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> search("problem", cursor).extract().statusCode() == 200);
    }

    @Test
    void reportsTheSharedIndexInReadiness() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'search' }.data.engine", equalTo("opensearch"))
                .body("checks.find { it.name == 'search' }.data.index", equalTo("ready"))
                .body("checks.find { it.name == 'search' }.data.alias", equalTo("api-test-prds"))
                .body("checks.find { it.name == 'search' }.data.versionedIndex", equalTo("api-test-prds-v1"))
                .body("checks.find { it.name == 'search' }.data.documents", greaterThanOrEqualTo(7)));
    }

    private ValidatableResponse search(String q, String cursor) {
        var request = t.viewer().as().queryParam("q", q).queryParam("limit", 1);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/orgs/" + t.orgId() + "/search").then();
    }
}
