package io.prdtool.ai;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness tells Kubernetes to stop routing to a pod that cannot reach its database or broker, and to route again
 * once it can; liveness stays up meanwhile (restarting the pod would not help). Uses the real servers, stopped and
 * started again on the same port with the same data.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ReadinessFollowsInfrastructureTest {

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndRecovers() {
        PostgresServer pg = PostgresServer.shared();
        assumeFalse(pg.isExternal(), "an external PostgreSQL is not stopped by tests");
        awaitReadiness(200);
        pg.stop();
        try {
            awaitReadiness(503);
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            pg.restart();
        }
        awaitReadiness(200);
    }

    @Test
    void readinessIsDownWhileTheBrokerIsUnreachableAndRecovers() {
        KafkaBroker kafka = KafkaBroker.shared();
        assumeFalse(kafka.isExternal(), "an external Kafka broker is not stopped by tests");
        awaitReadiness(200);
        kafka.stop();
        try {
            awaitReadiness(503);
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            kafka.start();
        }
        awaitReadiness(200);
    }

    private static void awaitReadiness(int status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(status)
                        .body("status", equalTo(status == 200 ? "UP" : "DOWN")));
    }
}
