package io.prdtool.collab.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The co-editing demo page (collab-service/demo, bundled into META-INF/resources/demo) is served at /demo/ without a
 * token, loads nothing from another origin, and CORS stays off outside the local stack's 'local' profile. What the
 * page does in a browser is tested by collab-service/demo/e2e.sh against the running local stack.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class DemoPageTest {

    @Test
    void thePageAndItsBundleAreServedWithoutAToken() {
        String html = given().when().get("/demo/").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("<script src=\"demo.js\"></script>", "href=\"demo.css\"");
        String js = given().when().get("/demo/demo.js").then().statusCode(200)
                .contentType(containsString("javascript")).extract().asString();
        // the bundle, not an empty file: the y-websocket options and the collab root survive minification
        assertThat(js.length()).isGreaterThan(100_000);
        assertThat(js.contains("disableBc") && js.contains("\"/collab\"")).as("the demo bundle").isTrue();
        given().when().get("/demo/demo.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void thePageLoadsNothingFromAnotherOrigin() {
        String html = given().when().get("/demo/").then().statusCode(200).extract().asString();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int count = 0;
        while (refs.find()) {
            count++;
            assertThat(refs.group(1)).as("a resource of the page").doesNotContain("//").doesNotStartWith("http");
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
    }

    @Test
    void corsIsOffOutsideTheLocalProfile() {
        given().header("Origin", "http://localhost:8082").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/prds/00000000-0000-0000-0000-000000000001/document")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:8082").when().get("/demo/")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
