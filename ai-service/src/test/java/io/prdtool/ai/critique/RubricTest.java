package io.prdtool.ai.critique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

class RubricTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void defaultsEnableEveryDimensionWithItsDefaultWeight() {
        JsonNode rubric = Rubric.defaults().toJson();

        assertThat(rubric.get("version").asText()).isEqualTo(Rubric.defaults().version()).matches("r1-[0-9a-f]{8}");
        assertThat(rubric.get("rulesVersion").asInt()).isEqualTo(RubricReviewer.RULES_VERSION);
        List<String> ids = new ArrayList<>();
        rubric.get("dimensions").fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactly("problem_statement", "goals_metrics", "non_goals", "users_stories",
                "acceptance_criteria", "requirements", "nfr", "ambiguity", "completeness", "risks", "dependencies",
                "open_questions", "template_sections");
        assertThat(rubric.at("/dimensions/problem_statement/weight").asInt()).isEqualTo(3);
        assertThat(rubric.at("/dimensions/nfr/enabled").asBoolean()).isTrue();
        assertThat(rubric.at("/dimensions/problem_statement/sectionSynonyms").toString()).contains("\"background\"");
        assertThat(rubric.at("/dimensions/ambiguity/sectionSynonyms").isMissingNode()).isTrue();
        assertThat(rubric.at("/ambiguousTerms/subjective").toString()).contains("\"fast\"", "\"user-friendly\"");
        assertThat(rubric.at("/ambiguousTerms/open_ended").toString()).contains("\"etc.\"");
        assertThat(rubric.get("maxFindingsPerRule").asInt()).isEqualTo(20);
        assertThat(rubric.get("rfc2119").asText()).isEqualTo("auto");
    }

    @Test
    void noAdjustmentsMeanTheDefaults() {
        assertThat(Rubric.fromJson(null)).isSameAs(Rubric.defaults());
        assertThat(Rubric.fromJson(NullNode.getInstance())).isSameAs(Rubric.defaults());
        assertThat(Rubric.fromJson(json("{}"))).isEqualTo(Rubric.defaults());
        assertThat(Rubric.fromJson(json("{}")).version()).isEqualTo(Rubric.defaults().version());
    }

    @Test
    void adjustmentsApplyOverTheDefaults() {
        Rubric r = Rubric.fromJson(json("{'dimensions': {'risks': {'weight': 5}, 'open_questions': {'enabled': false}},"
                + " 'ambiguousTerms': {'add': ['  Snappy ', 'blazing   FAST'], 'remove': ['some', 'not-a-term']},"
                + " 'sectionSynonyms': {'problem_statement': ['Why we are doing this']},"
                + " 'maxFindingsPerRule': 3, 'rfc2119': 'never'}"));
        JsonNode effective = r.toJson();

        assertThat(effective.at("/dimensions/risks/weight").asInt()).isEqualTo(5);
        assertThat(effective.at("/dimensions/risks/enabled").asBoolean()).isTrue();
        assertThat(effective.at("/dimensions/open_questions/enabled").asBoolean()).isFalse();
        assertThat(effective.at("/dimensions/open_questions/weight").asInt()).isEqualTo(1);
        assertThat(effective.at("/ambiguousTerms/custom").toString()).isEqualTo("[\"blazing fast\",\"snappy\"]");
        assertThat(effective.at("/ambiguousTerms/quantifier").toString()).doesNotContain("\"some\"")
                .contains("\"several\"");
        assertThat(effective.at("/dimensions/problem_statement/sectionSynonyms").toString())
                .contains("\"why we are doing this\"", "\"background\"");
        assertThat(effective.get("maxFindingsPerRule").asInt()).isEqualTo(3);
        assertThat(effective.get("rfc2119").asText()).isEqualTo("never");
        assertThat(r.version()).isNotEqualTo(Rubric.defaults().version());
    }

    @Test
    void addingABuiltInTermKeepsItsCategory() {
        Rubric r = Rubric.fromJson(json("{'ambiguousTerms': {'add': ['FAST']}}"));

        assertThat(r.toJson().at("/ambiguousTerms/custom").size()).isZero();
        assertThat(r.version()).isEqualTo(Rubric.defaults().version());
    }

    @Test
    void versionIsStableAndDependsOnlyOnTheEffectiveRubric() {
        String a = "{'dimensions': {'nfr': {'weight': 4}, 'risks': {'enabled': false}}, "
                + "'ambiguousTerms': {'add': ['snappy', 'zippy']}}";
        String sameOtherOrder = "{'ambiguousTerms': {'add': ['Zippy', 'snappy']}, "
                + "'dimensions': {'risks': {'enabled': false, 'weight': 1}, 'nfr': {'weight': 4}}}";

        assertThat(Rubric.fromJson(json(a)).version()).isEqualTo(Rubric.fromJson(json(a)).version())
                .isEqualTo(Rubric.fromJson(json(sameOtherOrder)).version());
        assertThat(Rubric.fromJson(json(a))).isEqualTo(Rubric.fromJson(json(sameOtherOrder)));
        assertThat(Rubric.fromJson(json("{'dimensions': {'nfr': {'weight': 2}}}")).version())
                .as("setting a default changes nothing").isEqualTo(Rubric.defaults().version());
        assertThat(Rubric.fromJson(json("{'dimensions': {'nfr': {'weight': 3}}}")).version())
                .isNotEqualTo(Rubric.defaults().version());
        // pinned across JVMs and runs: update it when the default vocabulary changes, and bump RULES_VERSION when a
        // rule's behaviour changes, so cached critiques are not served for a different rubric
        assertThat(Rubric.defaults().version()).isEqualTo("r1-fb2fdf09");
    }

    @Test
    void toJsonReturnsACopy() {
        ((com.fasterxml.jackson.databind.node.ObjectNode) Rubric.defaults().toJson()).put("maxFindingsPerRule", 99);

        assertThat(Rubric.defaults().toJson().get("maxFindingsPerRule").asInt()).isEqualTo(20);
    }

    static Stream<Arguments> invalidAdjustments() {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(201, "'x'")) + "]";
        String manyDistinct = "[" + String.join(",",
                java.util.stream.IntStream.range(0, 201).mapToObj(i -> "'t" + i + "'").toList()) + "]";
        return Stream.of(
                Arguments.of("[]", "rubric: must be a JSON object"),
                Arguments.of("{'weights': {}}", "rubric: unknown field 'weights'; allowed: dimensions, ambiguousTerms"),
                Arguments.of("{'dimensions': []}", "dimensions: must be an object keyed by dimension id"),
                Arguments.of("{'dimensions': {'clarity': {'weight': 1}}}",
                        "dimensions.clarity: unknown dimension 'clarity'; known: problem_statement, goals_metrics"),
                Arguments.of("{'dimensions': {'nfr': 3}}", "dimensions.nfr: must be an object"),
                Arguments.of("{'dimensions': {'nfr': {'weight': 11}}}",
                        "dimensions.nfr.weight: must be an integer from 0 to 10, got 11"),
                Arguments.of("{'dimensions': {'nfr': {'weight': -1}}}", "dimensions.nfr.weight: must be an integer"),
                Arguments.of("{'dimensions': {'nfr': {'weight': 2.5}}}",
                        "dimensions.nfr.weight: must be an integer from 0 to 10, got 2.5"),
                Arguments.of("{'dimensions': {'nfr': {'weight': '3'}}}", "dimensions.nfr.weight: must be an integer"),
                Arguments.of("{'dimensions': {'nfr': {'enabled': 'yes'}}}",
                        "dimensions.nfr.enabled: must be true or false, got \"yes\""),
                Arguments.of("{'dimensions': {'nfr': {'weigth': 1}}}",
                        "dimensions.nfr: unknown field 'weigth'; allowed: enabled, weight"),
                Arguments.of("{'ambiguousTerms': ['fast']}", "ambiguousTerms: must be an object"),
                Arguments.of("{'ambiguousTerms': {'add': 'fast'}}", "ambiguousTerms.add: must be an array of strings"),
                Arguments.of("{'ambiguousTerms': {'add': ['ok', '  ']}}", "ambiguousTerms.add[1]: must not be empty"),
                Arguments.of("{'ambiguousTerms': {'add': [3]}}", "ambiguousTerms.add[0]: must be a string, got 3"),
                Arguments.of("{'ambiguousTerms': {'add': ['" + "x".repeat(65) + "']}}",
                        "ambiguousTerms.add[0]: at most 64 characters, got 65"),
                Arguments.of("{'ambiguousTerms': {'add': ['!!!']}}",
                        "ambiguousTerms.add[0]: '!!!' must contain a letter or digit"),
                Arguments.of("{'ambiguousTerms': {'add': " + tooMany + "}}",
                        "ambiguousTerms.add: at most 200 entries, got 201"),
                Arguments.of("{'ambiguousTerms': {'remove': " + manyDistinct + "}}",
                        "ambiguousTerms.remove: at most 200 entries, got 201"),
                Arguments.of("{'ambiguousTerms': {'add': ['snappy'], 'remove': ['Snappy']}}",
                        "ambiguousTerms.add[0]: 'snappy' is also in ambiguousTerms.remove"),
                Arguments.of("{'ambiguousTerms': {'replace': []}}", "ambiguousTerms: unknown field 'replace'"),
                Arguments.of("{'sectionSynonyms': {'ambiguity': ['Clarity']}}",
                        "sectionSynonyms.ambiguity: 'ambiguity' is not found by a section heading"),
                Arguments.of("{'sectionSynonyms': {'nope': ['x']}}", "sectionSynonyms.nope: unknown dimension 'nope'"),
                Arguments.of("{'sectionSynonyms': {'risks': 'Hazards'}}",
                        "sectionSynonyms.risks: must be an array of strings"),
                Arguments.of("{'sectionSynonyms': {'risks': " + manyDistinct + "}}",
                        "sectionSynonyms.risks: at most 200 entries, got 201"),
                Arguments.of("{'sectionSynonyms': {'risks': " + manyDistinct.replace("'t", "'r").replace(",'r200'", "")
                        + ", 'goals_metrics': ['aim']}}", "sectionSynonyms: at most 200 synonyms in all"),
                Arguments.of("{'maxFindingsPerRule': 0}",
                        "maxFindingsPerRule: must be an integer from 1 to 100, got 0"),
                Arguments.of("{'maxFindingsPerRule': 101}", "maxFindingsPerRule: must be an integer from 1 to 100"),
                Arguments.of("{'rfc2119': 'sometimes'}",
                        "rfc2119: must be \"auto\", \"always\" or \"never\", got \"sometimes\""),
                Arguments.of("{'rfc2119': true}", "rfc2119: must be \"auto\""),
                Arguments.of("{'dimensions': {" + String.join(",", java.util.Arrays.stream(Dimension.values())
                        .map(d -> "'" + d.id() + "': {'weight': 0}").toList()) + "}}",
                        "dimensions: at least one dimension must be enabled with a weight above 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAdjustments")
    void rejectsInvalidAdjustmentsNamingTheField(String adjustments, String message) {
        assertThatThrownBy(() -> Rubric.fromJson(json(adjustments)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
