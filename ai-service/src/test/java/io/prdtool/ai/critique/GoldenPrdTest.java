package io.prdtool.ai.critique;

import static io.prdtool.ai.critique.Prds.golden;
import static io.prdtool.ai.critique.Prds.nth;
import static io.prdtool.ai.critique.Prds.review;
import static io.prdtool.ai.critique.Prds.withRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The golden PRDs in src/test/resources/critique, end to end. */
class GoldenPrdTest {

    @Test
    void strongPrdScoresHighWithFewFindings() {
        Critique c = review(golden("strong-prd.md"));

        assertThat(c.overallScore()).isGreaterThanOrEqualTo(90);
        assertThat(c.scores()).allSatisfy((dimension, score) -> assertThat(score).as(dimension).isGreaterThan(80));
        assertThat(c.scores()).doesNotContainKey("template_sections");
        assertThat(c.findings()).hasSizeLessThanOrEqualTo(3).noneMatch(f -> f.severity() != Severity.INFO);
        assertThat(c.rubricVersion()).isEqualTo(Rubric.defaults().version());
    }

    @Test
    void weakPrdReportsMissingSectionsFirst() {
        Critique c = review(golden("weak-prd.md"));

        assertThat(c.overallScore()).isLessThan(20);
        List<Finding> missing = withRule(c, "section-missing");
        assertThat(missing).extracting(Finding::dimension, Finding::severity)
                .containsExactly(tuple("non_goals", Severity.WARNING),
                        tuple("users_stories", Severity.WARNING), tuple("acceptance_criteria", Severity.WARNING),
                        tuple("nfr", Severity.WARNING), tuple("dependencies", Severity.INFO),
                        tuple("open_questions", Severity.INFO));
        assertThat(missing).allSatisfy(f -> assertThat(f.anchor()).isNull());
        assertThat(c.findings().subList(0, missing.size())).isEqualTo(missing);
    }

    @Test
    void weakPrdAnchorsEachAmbiguityAtTheWordItself() {
        String md = golden("weak-prd.md");
        Critique c = review(md);

        assertThat(withRule(c, "ambiguous-subjective")).extracting(f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("fast", nth(md, "fast", 0)), tuple("intuitive", md.indexOf("intuitive")),
                        tuple("easily", md.indexOf("easily")), tuple("simple", md.indexOf("simple")),
                        tuple("seamless", md.indexOf("seamless")), tuple("fast", nth(md, "fast", 1)));
        assertThat(withRule(c, "ambiguous-quantifier")).singleElement()
                .satisfies(f -> assertThat(f.anchor().start()).isEqualTo(md.indexOf("several")));
        assertThat(withRule(c, "ambiguous-open-ended")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("etc."));
        assertThat(withRule(c, "ambiguous-escape-clause")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("if possible"));
        assertThat(withRule(c, "weak-modal")).extracting(f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("should", md.indexOf("should")), tuple("may", md.indexOf(" may ") + 1));
        Finding fast = withRule(c, "ambiguous-subjective").get(0);
        assertThat(fast.message()).isEqualTo("'fast' is not measurable");
        assertThat(fast.hint()).isEqualTo("State a target, e.g. 'p95 under 300 ms'.");
        assertThat(fast.suggestedText()).isNull();
        assertThat(fast.severity()).as("more than 10 ambiguity violations: critical band").isEqualTo(Severity.CRITICAL);
    }

    @Test
    void weakPrdFlagsPlaceholdersEmptySectionsAndWordiness() {
        String md = golden("weak-prd.md");
        Critique c = review(md);

        assertThat(withRule(c, "placeholder")).extracting(f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("TBD", nth(md, "TBD", 0)), tuple("TBD", nth(md, "TBD", 1)));
        assertThat(withRule(c, "section-empty")).extracting(f -> f.anchor().exact(), Finding::message)
                .containsExactly(tuple("## Risks", "The section 'Risks' is empty"),
                        tuple("## Timeline", "The section 'Timeline' is empty"));
        assertThat(withRule(c, "wordy-phrase")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("in order to");
            assertThat(f.suggestedText()).isEqualTo("to");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
        assertThat(withRule(c, "goal-unmeasurable")).extracting(f -> f.anchor().exact())
                .containsExactly("Make sharing simple and seamless.", "Improve engagement.");
        assertThat(withRule(c, "requirement-unnumbered")).hasSize(3);
        assertThat(c.scores()).containsEntry("goals_metrics", 0);
    }

    @Test
    void weakPrdOverviewIsReadAsAProblemStatementThatStartsWithTheSolution() {
        String md = golden("weak-prd.md");
        Critique c = review(md);

        assertThat(withRule(c, "problem-states-solution")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("We will");
            assertThat(f.anchor().start()).isEqualTo(md.indexOf("We will"));
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(withRule(c, "problem-too-short")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("## Overview"));
        assertThat(c.scores()).containsEntry("problem_statement", 20);
    }

    @Test
    void findingsComeDocumentLevelFirstThenInDocumentOrder() {
        Critique c = review(golden("weak-prd.md"));
        List<Integer> starts = c.findings().stream().filter(f -> f.anchor() != null).map(f -> f.anchor().start())
                .toList();

        assertThat(starts).isSorted();
        int firstAnchored = IntStream.range(0, c.findings().size()).filter(i -> c.findings().get(i).anchor() != null)
                .findFirst().orElseThrow();
        assertThat(c.findings().subList(0, firstAnchored)).allMatch(f -> f.anchor() == null);
    }

    @Test
    void rfc2119DeclarationExcusesCapitalisedKeywordsOnly() {
        String md = golden("rfc2119-prd.md");

        Critique auto = review(md);
        assertThat(withRule(auto, "weak-modal")).extracting(f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("should", md.indexOf("should include")), tuple("might", md.indexOf("might")));
        assertThat(withRule(auto, "weak-modal").get(0).hint()).contains("RFC 8174");

        Critique never = review(md, Rubric.fromJson(json("{\"rfc2119\": \"never\"}")));
        assertThat(withRule(never, "weak-modal")).extracting(f -> f.anchor().exact())
                .containsExactly("SHOULD", "MAY", "should", "might");
    }

    @Test
    void rfc2119AlwaysTreatsCapitalsAsKeywordsWithoutADeclaration() {
        String md = "## Requirements\n\n- **FR-1** The PM SHOULD see a preview.\n"
                + "- **FR-2** The PM should see a title.\n";

        assertThat(withRule(review(md), "weak-modal")).extracting(f -> f.anchor().exact())
                .containsExactly("SHOULD", "should");
        assertThat(withRule(review(md, Rubric.fromJson(json("{\"rfc2119\": \"always\"}"))), "weak-modal"))
                .extracting(f -> f.anchor().exact()).containsExactly("should");
    }

    @Test
    void codeHtmlAndUrlsAreNotProse() {
        String md = golden("code-blocks-prd.md");
        Critique c = review(md);

        assertThat(c.findings()).filteredOn(f -> f.anchor() != null)
                .extracting(Finding::rule, f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("requirement-form", md.substring(md.indexOf("**FR-2**"), md.indexOf(
                        "prose.") + 6), md.indexOf("**FR-2**")),
                        tuple("ambiguous-subjective", "easy", md.indexOf("[easy guide]") + 1));
        assertThat(withRule(c, "placeholder")).isEmpty();
        assertThat(c.scores()).containsEntry("completeness", 100);
    }

    @Test
    void emptyDocumentIsReportedNotRejected() {
        for (String md : List.of("", "   \n\n\t\n")) {
            Critique c = review(md);

            assertThat(c.overallScore()).isLessThan(15);
            assertThat(withRule(c, "document-empty")).singleElement()
                    .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
            assertThat(c.scores()).containsEntry("completeness", 0).containsEntry("problem_statement", 0);
            assertThat(c.findings()).allMatch(f -> f.anchor() == null);
        }
    }

    @Test
    void hugeSingleLineIsCappedPerRule() {
        String md = "The export is fast and some reports are TBD. ".repeat(25_000); // ~1.1 MB, one line
        long t0 = System.nanoTime();
        Critique c = review(md);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(withRule(c, "ambiguous-subjective")).hasSize(21);
        assertThat(withRule(c, "ambiguous-subjective").get(20)).satisfies(summary -> {
            assertThat(summary.anchor()).isNull();
            assertThat(summary.message())
                    .isEqualTo("24980 more 'ambiguous-subjective' findings not listed (25000 in all)");
            assertThat(summary.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(withRule(c, "placeholder")).hasSize(21);
        assertThat(c.findings().get(c.findings().size() - 1).anchor()).as("summaries come last").isNull();
        assertThat(ms).as("1 MB reviewed in %d ms", ms).isLessThan(10_000);
    }

    @Test
    void hugeSingleWordDoesNotBlowUp() {
        String md = "a".repeat(1_000_000);

        Critique c = review(md);

        assertThat(c.findings()).noneMatch(f -> f.anchor() != null && f.anchor().exact().length() > 100);
    }

    @Test
    void nonAsciiAndEmojiKeepUtf16Indexes() {
        String md = golden("unicode-prd.md");
        Critique c = review(md);

        assertThat(withRule(c, "ambiguous-subjective")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("quickly");
            assertThat(f.anchor().start()).isEqualTo(md.indexOf("quickly"));
            assertThat(f.anchor().suffix()).startsWith(", 漢字 included 👍🏽");
        });
        assertThat(withRule(c, "placeholder")).singleElement()
                .satisfies(f -> assertThat(f.anchor().start()).isEqualTo(md.indexOf("TBD")));
    }

    @Test
    void crlfLineEndingsKeepIndexes() {
        String md = golden("weak-prd.md").replace("\n", "\r\n");
        Critique c = review(md);

        assertThat(withRule(c, "section-empty")).extracting(f -> f.anchor().exact(), f -> f.anchor().start())
                .containsExactly(tuple("## Risks", md.indexOf("## Risks")),
                        tuple("## Timeline", md.indexOf("## Timeline")));
        assertThat(withRule(c, "goal-unmeasurable")).extracting(f -> f.anchor().exact())
                .containsExactly("Make sharing simple and seamless.", "Improve engagement.");
    }

    @Test
    void sameInputGivesIdenticalOutput() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String md = golden("weak-prd.md") + golden("strong-prd.md");

        Critique first = new RubricReviewer().review(md, Rubric.defaults(), List.of("Rollout"));
        Critique second = new RubricReviewer().review(md, Rubric.defaults(), List.of("Rollout"));

        assertThat(second).isEqualTo(first);
        assertThat(json.writeValueAsString(second)).isEqualTo(json.writeValueAsString(first));
        assertThat(json.writeValueAsString(first)).contains("\"severity\":\"critical\"");
    }

    @Test
    void critiqueRoundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Critique c = review(golden("weak-prd.md"));

        String wire = json.writeValueAsString(c);

        assertThat(json.readValue(wire, Critique.class)).isEqualTo(c);
        assertThat(json.readTree(wire).at("/findings/0/severity").asText()).isEqualTo("warning");
        assertThat(json.readTree(wire).at("/scores").fieldNames().next()).isEqualTo("problem_statement");
    }

    @Test
    void templateSectionsAreScoredOnlyWhenGiven() {
        String md = golden("strong-prd.md");

        Critique c = Prds.REVIEWER.review(md, Rubric.defaults(),
                List.of("Problem", "Objectives", "Rollout plan", "7. Open questions", " ", "Goals"));

        assertThat(c.scores()).containsEntry("template_sections", 80);
        assertThat(withRule(c, "template-section-missing")).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo("The template's section 'Rollout plan' is missing");
            assertThat(f.anchor()).isNull();
        });
        assertThat(List.copyOf(c.scores().keySet())).endsWith("template_sections");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
