package io.prdtool.testinfra;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Calls every operation of the service under test's own OpenAPI document ({@code /q/openapi}) without a token and
 * asserts a 401 with an RFC 9457 problem body, so an endpoint added later is covered without being listed. Path
 * parameters get random UUIDs, bodies are {@code {}}.
 */
public final class NoTokenSweep {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private NoTokenSweep() {
    }

    /**
     * Sweeps every operation except those whose path {@code exempt} accepts (e.g. endpoints that check a signature or
     * a signed link instead of a token); returns what was checked as {@code "METHOD /path/{param}"}.
     */
    public static List<String> everyOperationAnswers401(Predicate<String> exempt) {
        JsonObject paths = new JsonObject(RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString()).getJsonObject("paths");
        List<String> checked = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            if (exempt.test(path)) {
                continue;
            }
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                String url = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                RestAssured.given().contentType("application/json").body("{}").request(method, url).then()
                        .statusCode(401).contentType("application/problem+json")
                        .body("status", equalTo(401)).body("title", notNullValue());
                checked.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return checked;
    }
}
