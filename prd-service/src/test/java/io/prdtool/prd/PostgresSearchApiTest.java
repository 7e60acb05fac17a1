package io.prdtool.prd;

import java.util.Map;

import org.junit.jupiter.api.TestInstance;

import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@link SearchApiTest}'s relevance, syntax, paging, tenancy and bad-input tests against the postgres engine. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@TestProfile(PostgresSearchApiTest.PostgresEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSearchApiTest extends SearchApiTest {

    public static class PostgresEngine implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prdtool.search.engine", "postgres");
        }
    }

    @Override
    String engine() {
        return "postgres";
    }
}
