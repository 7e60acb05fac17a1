package io.prdtool.ai.critique;

import static io.prdtool.ai.critique.Prds.golden;
import static io.prdtool.ai.critique.Prds.review;
import static io.prdtool.ai.critique.Prds.withRule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How a rubric's adjustments change a review. */
class ReviewerRubricTest {

    private static Rubric rubric(String json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json.replace('\'', '"'));
            return Rubric.fromJson(node);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aDisabledDimensionHasNoFindingsAndNoScore() {
        String md = golden("weak-prd.md");
        Critique all = review(md);
        Critique withoutAmbiguity = review(md, rubric("{'dimensions': {'ambiguity': {'enabled': false}}}"));

        assertThat(Prds.ofDimension(all, "ambiguity")).isNotEmpty();
        assertThat(Prds.ofDimension(withoutAmbiguity, "ambiguity")).isEmpty();
        assertThat(withoutAmbiguity.scores()).doesNotContainKey("ambiguity").hasSize(all.scores().size() - 1);
        assertThat(withoutAmbiguity.findings()).containsAll(
                all.findings().stream().filter(f -> !f.dimension().equals("ambiguity")).toList());
    }

    @Test
    void disablingNfrHandsItsVagueWordsBackToTheAmbiguityRule() {
        String md = "## Non-functional requirements\n\n- The export is fast.\n";

        assertThat(withRule(review(md), "ambiguous-subjective")).isEmpty();
        assertThat(withRule(review(md, rubric("{'dimensions': {'nfr': {'enabled': false}}}")), "ambiguous-subjective"))
                .singleElement().satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("fast"));
    }

    @Test
    void weightsDriveTheOverallScore() {
        String md = golden("strong-prd.md").replace("## Risks and mitigations", "## Hazards");
        Critique defaults = review(md);
        Critique onlyRisks = review(md, rubric("{'dimensions': {"
                + "'problem_statement': {'weight': 0}, 'goals_metrics': {'weight': 0}, 'non_goals': {'weight': 0},"
                + "'users_stories': {'weight': 0}, 'acceptance_criteria': {'weight': 0}, 'requirements': {'weight': 0},"
                + "'nfr': {'weight': 0}, 'ambiguity': {'weight': 0}, 'completeness': {'weight': 0},"
                + "'dependencies': {'weight': 0}, 'open_questions': {'weight': 0}}}"));

        assertThat(defaults.scores()).containsEntry("risks", 0);
        assertThat(onlyRisks.overallScore()).isZero();
        assertThat(onlyRisks.scores()).as("weight 0 keeps the score").containsEntry("problem_statement", 100);
        int weighted = 0;
        int weights = 0;
        for (Dimension d : Dimension.values()) {
            if (defaults.scores().containsKey(d.id())) {
                weighted += defaults.scores().get(d.id()) * d.defaultWeight();
                weights += d.defaultWeight();
            }
        }
        assertThat(defaults.overallScore()).isEqualTo(Math.round((float) weighted / weights));
    }

    @Test
    void addedTermsAreReportedAndRemovedOnesAreNot() {
        String md = "The editor feels snappy and blazing fast, and it is fast.\n";
        Rubric r = rubric("{'ambiguousTerms': {'add': ['snappy', 'Blazing Fast'], 'remove': ['fast']}}");

        Critique c = review(md, r);

        assertThat(withRule(c, "ambiguous-term")).extracting(f -> f.anchor().exact())
                .containsExactly("snappy", "blazing fast");
        assertThat(withRule(c, "ambiguous-term").get(0).message())
                .isEqualTo("'snappy' is on your organisation's list of ambiguous terms");
        assertThat(withRule(c, "ambiguous-subjective")).isEmpty();
        assertThat(c.rubricVersion()).isEqualTo(r.version());
    }

    @Test
    void findingsPerRuleAreCappedWithASummary() {
        String md = "fast. ".repeat(5) + "TBD ";

        Critique c = review(md, rubric("{'maxFindingsPerRule': 2}"));

        assertThat(withRule(c, "ambiguous-subjective")).hasSize(3);
        Finding summary = withRule(c, "ambiguous-subjective").get(2);
        assertThat(summary.anchor()).isNull();
        assertThat(summary.message()).isEqualTo("3 more 'ambiguous-subjective' findings not listed (5 in all)");
        assertThat(summary.severity()).isEqualTo(Severity.WARNING);
        assertThat(withRule(c, "placeholder")).hasSize(1);
        assertThat(c.findings().get(c.findings().size() - 1)).isEqualTo(summary);
    }
}
