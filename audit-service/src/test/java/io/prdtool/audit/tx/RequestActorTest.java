package io.prdtool.audit.tx;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tx takes the actor, client IP and user agent of an HTTP request from the request itself. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class RequestActorTest extends AuditTestBase {

    @Test
    void eventsWrittenDuringARequestCarryTheTokenSubjectClientIpAndUserAgent() {
        UUID org = UUID.randomUUID();
        given().auth().oauth2(token("request-user")).header("User-Agent", "PrdEditor/3.1 (test)")
                .when().post("/test/organizations/{org}/writes", org)
                .then().statusCode(204);

        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1 AND actor = 'request-user'"
                + " AND client_ip = '127.0.0.1' AND user_agent = 'PrdEditor/3.1 (test)'", org)).isEqualTo(1);
        // the activity log gets them from the RequestContextCaptured beside the event (the domain topic has none)
        awaitCount(1, "SELECT count(*) FROM activity_logs JOIN activity_request_context ON event_id = id"
                + " WHERE organization_id = $1 AND actor = 'request-user' AND host(context_ip) = '127.0.0.1'"
                + " AND context_user_agent = 'PrdEditor/3.1 (test)'", org);
    }
}
