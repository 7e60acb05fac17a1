package io.prdtool.ai.critique;

import static io.prdtool.ai.critique.Prds.review;
import static io.prdtool.ai.critique.Prds.withRule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** How headings become sections of a dimension. */
class SectionDetectionTest {

    private static boolean missing(Critique c, String dimension) {
        return withRule(c, "section-missing").stream().anyMatch(f -> f.dimension().equals(dimension));
    }

    @Test
    void headingsMatchSynonymsCaseInsensitivelyDespiteNumbering() {
        Critique c = review("## 2. PROBLEM STATEMENT\n\nText.\n\n### Out of Scope\n\nImports.\n\n## KPIs\n\n- x\n");

        assertThat(missing(c, "problem_statement")).isFalse();
        assertThat(missing(c, "non_goals")).isFalse();
        assertThat(missing(c, "goals_metrics")).isFalse();
    }

    @Test
    void aPhraseInsideALongerPhraseOfAnotherDimensionDoesNotCount() {
        String md = "## Non-functional requirements\n\n- The export is fast.\n";
        Critique c = review(md);

        assertThat(missing(c, "requirements")).as("'requirements' inside 'non-functional requirements'").isTrue();
        assertThat(missing(c, "nfr")).isFalse();
        assertThat(withRule(c, "nfr-unmeasurable")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("fast"));
        assertThat(missing(review("## Out of scope\n\nImports.\n"), "requirements")).isTrue();
    }

    @Test
    void aHeadingCanNameSeveralDimensions() {
        Critique c = review("## Goals and non-goals\n\n- Cut export time from 40 s to 10 s by Q3.\n");

        assertThat(missing(c, "goals_metrics")).isFalse();
        assertThat(missing(c, "non_goals")).isFalse();
    }

    @Test
    void subHeadingsWithoutASynonymInheritTheirParentsDimension() {
        String md = "## Requirements\n\n### Editor\n\n- **FR-1** The PM can undo.\n\n### Export\n\n- The PM exports.\n";
        Critique c = review(md);

        assertThat(withRule(c, "requirement-unnumbered")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("The PM exports."));
    }

    @Test
    void aSingleLeadingLevelOneHeadingIsTheTitle() {
        assertThat(missing(review("# Requirements for export\n\nSome text.\n"), "requirements")).isTrue();
        assertThat(missing(review("# Requirements\n\nx\n\n# Risks\n\ny\n"), "requirements")).isFalse();
    }

    @Test
    void organisationsAddSynonyms() throws Exception {
        String md = "## The itch\n\nPMs lose hours today.\n";
        Rubric rubric = Rubric.fromJson(new ObjectMapper()
                .readTree("{\"sectionSynonyms\": {\"problem_statement\": [\"The itch\"]}}"));

        assertThat(missing(review(md), "problem_statement")).isTrue();
        assertThat(missing(review(md, rubric), "problem_statement")).isFalse();
    }

    @Test
    void anEmptySectionIsNotMissingButScoresLow() {
        Critique c = review("## Risks\n\n## Dependencies\n\nThe billing team.\n");

        assertThat(missing(c, "risks")).isFalse();
        assertThat(c.scores()).containsEntry("risks", 10).containsEntry("dependencies", 100);
        assertThat(withRule(c, "section-empty")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("## Risks"));
    }
}
