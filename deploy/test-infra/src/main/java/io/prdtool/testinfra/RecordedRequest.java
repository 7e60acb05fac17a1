package io.prdtool.testinfra;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * One request as {@link OpenAiStandIn} received it.
 *
 * @param method the HTTP method
 * @param path the path without the query, e.g. {@code /v1/chat/completions}
 * @param query the raw query string without {@code ?}, or {@code null} when the URL had none
 * @param headers the request headers by lower-case name; repeated headers are joined with {@code ", "}
 * @param body the body as UTF-8 text ({@code ""} when there was none)
 * @param json the body parsed as a JSON object, or {@code null} when it is not one
 * @param schemaViolations for chat-completions requests, where the body breaks the request schema
 *        ({@code openai/create-chat-completion-request.schema.json}); empty when it is valid and for other requests
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body,
        JsonObject json, List<String> schemaViolations) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
        schemaViolations = List.copyOf(schemaViolations);
    }

    /** The header's value (any case of {@code name}), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
