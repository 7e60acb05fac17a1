package io.prdtool.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * The request contract {@link OpenAiStandIn} holds every chat-completions request to: the subset of the published
 * {@code CreateChatCompletionRequest} that we send, in {@code openai/create-chat-completion-request.schema.json}.
 */
final class ChatCompletionRequestSchema {

    static final String RESOURCE = "/openai/create-chat-completion-request.schema.json";

    private final JsonObject schema;
    private final Validator validator;

    private ChatCompletionRequestSchema(JsonObject schema) {
        this.schema = schema;
        this.validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("https://prdtool.io/test-infra/")
                .setOutputFormat(OutputFormat.Basic));
    }

    static ChatCompletionRequestSchema load() {
        try (InputStream in = ChatCompletionRequestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new ChatCompletionRequestSchema(new JsonObject(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each violation as {@code <JSON pointer into the body>: <what is wrong>}; empty when the body is valid. */
    List<String> violations(JsonObject body) {
        if (body == null) {
            return List.of("/: the body is not a JSON object");
        }
        OutputUnit result = validator.validate(body);
        if (Boolean.TRUE.equals(result.getValid())) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
        for (OutputUnit error : errors) {
            if (isNoise(error)) {
                continue;
            }
            found.add(pointer(error.getInstanceLocation()) + ": " + error.getError());
        }
        if (found.isEmpty()) {
            found.add("/: " + result.getError());
        }
        return new ArrayList<>(found);
    }

    /**
     * vertx-json-schema's basic output lists, besides the real cause, a wrapper error for every enclosing
     * {@code properties}/{@code items}, the failures inside each {@code oneOf} branch (the {@code oneOf} error itself
     * says enough), and an {@code additionalProperties} error for a declared property whose value failed.
     */
    private boolean isNoise(OutputUnit error) {
        String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
        if (keyword.endsWith("/properties") || keyword.endsWith("/items") || keyword.contains("/oneOf/")) {
            return true;
        }
        if (keyword.endsWith("/additionalProperties")) {
            String parent = keyword.substring(keyword.startsWith("#") ? 1 : 0,
                    keyword.length() - "/additionalProperties".length());
            Object declared = JsonPointer.from(parent + "/properties").queryJson(schema);
            String instance = error.getInstanceLocation();
            String property = instance.substring(instance.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
            return declared instanceof JsonObject properties && properties.containsKey(property);
        }
        return false;
    }

    private static String pointer(String instanceLocation) {
        if (instanceLocation == null || instanceLocation.isEmpty() || "#".equals(instanceLocation)) {
            return "/";
        }
        return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    }
}
