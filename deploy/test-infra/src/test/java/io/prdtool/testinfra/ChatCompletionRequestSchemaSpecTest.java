package io.prdtool.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Checks our request schema (a hand-copied subset) against the published OpenAI API description, so that a property
 * renamed or retyped upstream, or one we invented, is noticed. The spec is not part of the repository: it is read from
 * {@code <workspace>/shared/vendor-specs/openai.openapi.yaml}, next to the repository checkout (or from the
 * {@code openai.spec} system property), and the test is skipped when it is absent.
 * <p>
 * "Our schema is a subset" means, for each of our properties: it exists in {@code CreateChatCompletionRequest} (its
 * {@code allOf} parts included); every type we accept is one the spec accepts there; our enum values are among the
 * spec's; the bounds we copied equal the spec's; and we require at least what the spec requires.
 */
class ChatCompletionRequestSchemaSpecTest {

    /** From the module directory ({@code deploy/test-infra}) up to the workspace holding the checkout. */
    private static final Path DEFAULT_SPEC = Path.of("../../../shared/vendor-specs/openai.openapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode spec;
    private static JsonNode ours;

    private static final Path SPEC_FILE = Path.of(System.getProperty("openai.spec", DEFAULT_SPEC.toString()));

    @BeforeAll
    static void load() throws IOException {
        if (Files.isRegularFile(SPEC_FILE)) {
            spec = new ObjectMapper(new YAMLFactory()).readTree(SPEC_FILE.toFile());
        }
        try (InputStream in = ChatCompletionRequestSchema.class.getResourceAsStream(
                ChatCompletionRequestSchema.RESOURCE)) {
            ours = JSON.readTree(in);
        }
    }

    @BeforeEach
    void requireTheSpec() {
        assumeTrue(spec != null, "OpenAI spec not found at " + SPEC_FILE.toAbsolutePath().normalize());
    }

    @Test
    void theSchemaNamesTheSpecVersionItWasCopiedFrom() {
        assertThat(ours.get("description").asText()).contains("info.version " + spec.at("/info/version").asText());
    }

    @Test
    void everyPropertyWeSendExistsInTheSpecWithCompatibleTypesEnumsAndBounds() {
        assertThat(problems(ours)).isEmpty();
    }

    @Test
    void theCheckCatchesAnInventedPropertyAChangedEnumABoundAndAType() {
        ObjectNode invented = ours.deepCopy();
        ((ObjectNode) invented.get("properties")).putObject("include_usage").put("type", "boolean");
        ObjectNode changedEnum = ours.deepCopy();
        ((ArrayNode) changedEnum.at("/properties/messages/items/properties/role/enum")).add("moderator");
        ObjectNode changedBound = ours.deepCopy();
        ((ObjectNode) changedBound.at("/properties/temperature")).put("maximum", 3);
        ObjectNode changedType = ours.deepCopy();
        ((ObjectNode) changedType.at("/properties/user")).put("type", "integer");

        assertThat(problems(invented)).singleElement().asString().startsWith("/include_usage: not in the spec");
        assertThat(problems(changedEnum)).singleElement().asString().contains("moderator");
        assertThat(problems(changedBound)).singleElement().asString().startsWith("/temperature: maximum 3");
        assertThat(problems(changedType)).singleElement().asString().startsWith("/user: type integer");
    }

    private static List<String> problems(JsonNode candidate) {
        List<String> problems = new ArrayList<>();
        checkSubset(candidate, List.of(schema("CreateChatCompletionRequest")), "", problems);
        return problems;
    }

    // ---------------------------------------------------------------- the subset check

    /** Reports why {@code s} (ours) accepts something no alternative of {@code p} (the spec's) accepts. */
    private static void checkSubset(JsonNode s, List<JsonNode> p, String where, List<String> problems) {
        List<JsonNode> alternatives = new ArrayList<>();
        for (JsonNode node : p) {
            alternatives.addAll(alternatives(node));
        }
        if (s.has("oneOf")) {
            for (JsonNode branch : s.get("oneOf")) {
                matchOne(branch, alternatives, where, problems);
            }
            return;
        }
        matchOne(s, alternatives, where, problems);
    }

    /** One of ours must fit one spec alternative, type by type; an object with a multi-value enum may split. */
    private static void matchOne(JsonNode s, List<JsonNode> alternatives, String where, List<String> problems) {
        for (String type : types(s)) {
            if ("null".equals(type)) {
                if (alternatives.stream().noneMatch(a -> types(a).contains("null"))) {
                    problems.add(where + ": we accept null, the spec does not");
                }
                continue;
            }
            List<String> best = null;
            for (JsonNode alternative : alternatives) {
                if (!accepts(alternative, type)) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                compare(s, type, alternative, where, found);
                if (found.isEmpty()) {
                    best = found;
                    break;
                }
                if (best == null || found.size() < best.size()) {
                    best = found;
                }
            }
            if (best == null) {
                problems.add(where + ": type " + type + " is not one the spec accepts (" + describe(alternatives)
                        + ")");
            } else if (!best.isEmpty() && "object".equals(type) && splitByEnum(s, alternatives, where, problems)) {
                continue;
            } else {
                problems.addAll(best);
            }
        }
    }

    /**
     * Our messages are one object shape with {@code role: enum[system,user,assistant]}, the spec's a oneOf per role:
     * compare one copy of ours per enum value. Returns whether the split applied.
     */
    private static boolean splitByEnum(JsonNode s, List<JsonNode> alternatives, String where,
            List<String> problems) {
        JsonNode properties = s.get("properties");
        if (properties == null) {
            return false;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode values = property.getValue().get("enum");
            if (values != null && values.size() > 1) {
                for (JsonNode value : values) {
                    ObjectNode single = s.deepCopy();
                    ((ObjectNode) single.get("properties").get(property.getKey())).putArray("enum").add(value);
                    matchOne(single, alternatives, where + "[" + property.getKey() + "=" + value.asText() + "]",
                            problems);
                }
                return true;
            }
        }
        return false;
    }

    private static void compare(JsonNode s, String type, JsonNode p, String where, List<String> found) {
        if (s.has("enum")) {
            Set<String> specValues = new LinkedHashSet<>();
            if (p.has("enum")) {
                p.get("enum").forEach(v -> specValues.add(v.asText()));
                for (JsonNode v : s.get("enum")) {
                    if (!specValues.contains(v.asText())) {
                        found.add(where + ": enum value " + v.asText() + " is not in the spec's " + specValues);
                    }
                }
            }
        }
        switch (type) {
            case "number", "integer" -> {
                sameBound(s, p, "minimum", where, found);
                sameBound(s, p, "maximum", where, found);
            }
            case "array" -> {
                sameBound(s, p, "minItems", where, found);
                sameBound(s, p, "maxItems", where, found);
                if (s.has("items")) {
                    if (!p.has("items")) {
                        found.add(where + ": the spec's array has no items schema");
                    } else {
                        checkSubset(s.get("items"), List.of(p.get("items")), where + "/items", found);
                    }
                }
            }
            case "object" -> {
                Map<String, JsonNode> specProperties = properties(p);
                Set<String> specRequired = required(p);
                for (String r : specRequired) {
                    if (!textValues(s.get("required")).contains(r)) {
                        found.add(where + ": the spec requires " + r + ", we do not");
                    }
                }
                if (s.has("properties")) {
                    for (Map.Entry<String, JsonNode> property : s.get("properties").properties()) {
                        JsonNode specProperty = specProperties.get(property.getKey());
                        String at = where + "/" + property.getKey();
                        if (specProperty == null) {
                            found.add(at + ": not in the spec (it has " + specProperties.keySet() + ")");
                        } else {
                            checkSubset(property.getValue(), List.of(specProperty), at, found);
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void sameBound(JsonNode s, JsonNode p, String keyword, String where, List<String> found) {
        if (s.has(keyword) && (!p.has(keyword) || p.get(keyword).decimalValue().compareTo(
                s.get(keyword).decimalValue()) != 0)) {
            found.add(where + ": " + keyword + " " + s.get(keyword) + " but the spec says " + p.get(keyword));
        }
    }

    // ---------------------------------------------------------------- reading the spec

    private static JsonNode schema(String name) {
        JsonNode node = spec.at("/components/schemas/" + name);
        assertThat(node.isMissingNode()).as("components.schemas." + name).isFalse();
        return node;
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = spec.at(ref.substring(1));
        }
        return node;
    }

    /** The schemas a value may match: anyOf/oneOf flattened, $refs resolved, allOf merged into one. */
    private static List<JsonNode> alternatives(JsonNode node) {
        node = resolve(node);
        List<JsonNode> result = new ArrayList<>();
        boolean nullable = node.path("nullable").asBoolean(false);
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (node.has(combinator)) {
                for (JsonNode branch : node.get(combinator)) {
                    result.addAll(alternatives(branch));
                }
            }
        }
        if (result.isEmpty()) {
            result.add(node.has("allOf") ? mergeAllOf(node) : node);
        }
        if (nullable) {
            result.add(JSON.createObjectNode().put("type", "null"));
        }
        return result;
    }

    private static JsonNode mergeAllOf(JsonNode node) {
        ObjectNode merged = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = merged.putObject("properties");
        ArrayNode required = merged.putArray("required");
        List<JsonNode> parts = new ArrayList<>();
        node.get("allOf").forEach(parts::add);
        parts.add(node);
        for (JsonNode part : parts) {
            JsonNode resolved = resolve(part);
            if (resolved.has("allOf") && resolved != node) {
                resolved = mergeAllOf(resolved);
            }
            resolved.path("properties").properties().forEach(e -> properties.set(e.getKey(), e.getValue()));
            resolved.path("required").forEach(required::add);
        }
        return merged;
    }

    private static Map<String, JsonNode> properties(JsonNode node) {
        Map<String, JsonNode> result = new java.util.LinkedHashMap<>();
        node.path("properties").properties().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    private static Set<String> required(JsonNode node) {
        return textValues(node.get("required"));
    }

    private static Set<String> textValues(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static Set<String> types(JsonNode node) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = node.get("type");
        if (type == null) {
            if (node.has("properties")) {
                types.add("object");
            }
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        if (node.path("nullable").asBoolean(false)) {
            types.add("null");
        }
        return types;
    }

    private static boolean accepts(JsonNode alternative, String type) {
        Set<String> specTypes = types(alternative);
        return specTypes.contains(type) || "integer".equals(type) && specTypes.contains("number");
    }

    private static String describe(List<JsonNode> alternatives) {
        List<Set<String>> all = new ArrayList<>();
        alternatives.forEach(a -> all.add(types(a)));
        return "types " + all;
    }
}
