package io.prdtool.testinfra;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What every service promises the platform, run against each service booted on the real database and broker:
 * health, OpenAPI, metrics, its own migrated schema, JWT verification and problem-details errors. A service's test
 * extends this and names its schema.
 */
public abstract class ServiceContractTest {

    /** The PostgreSQL schema the service owns. */
    protected abstract String schema();

    @Test
    void readinessIsUpAndChecksTheDatabaseAndTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(startsWith("Reactive PostgreSQL connections health check")))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void livenessAndStartupAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/session"));
    }

    @Test
    void prometheusMetricsAreServed() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    @Test
    void migrationsRanIntoTheServiceSchemaOnly() throws Exception {
        try (Connection c = PostgresServer.shared().connect(PostgresServer.DATABASE);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE success), count(*) FROM "
                        + schema() + ".flyway_schema_history WHERE version IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("successful migrations").isGreaterThanOrEqualTo(1).isEqualTo(rs.getInt(2));
        }
    }

    @Test
    void unknownRouteAnswersProblemDetails() {
        given().when().get("/api/v1/no-such-resource")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", endsWith("/not-found"))
                .body("instance", equalTo("/api/v1/no-such-resource"));
    }

    @Test
    void requestWithoutTokenIsRejectedWithProblemDetails() {
        given().when().get("/api/v1/session")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", endsWith("/unauthorized"));
    }

    @Test
    void tokensSignedByAnotherKeyOrExpiredAreRejected() {
        given().auth().oauth2(Tokens.forgedToken("mallory")).when().get("/api/v1/session")
                .then().statusCode(401).contentType("application/problem+json");
        String expired = Tokens.forTests().token("u-expired", "expired@example.com", "Expired", Set.of(),
                Duration.ofSeconds(-60));
        given().auth().oauth2(expired).when().get("/api/v1/session")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void validTokenIsAccepted() {
        String token = Tokens.forTests().token("u-contract", "contract@example.com", "Contract User");
        given().auth().oauth2(token).when().get("/api/v1/session")
                .then().statusCode(200)
                .body("subject", equalTo("u-contract"))
                .body("email", equalTo("contract@example.com"))
                .body("name", equalTo("Contract User"));
    }
}
