package io.prdtool.ai.critique;

import static io.prdtool.ai.critique.Prds.review;
import static io.prdtool.ai.critique.Prds.withRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Ambiguity and completeness: the word-level rules. */
class LanguageRulesTest {

    @Test
    void aQuantityInTheSentenceMakesAQualityWordMeasured() {
        String md = "Search is fast: p95 under 300 ms. Export is fast. Several (3 to 5) formats.\n";
        Critique c = review(md);

        assertThat(withRule(c, "ambiguous-subjective")).singleElement()
                .satisfies(f -> assertThat(f.anchor().start()).isEqualTo(md.indexOf("fast. Several")));
        assertThat(withRule(c, "ambiguous-quantifier")).isEmpty();
    }

    @Test
    void phrasesMatchAcrossEmphasisAndLineBreaksButNotAcrossCode() {
        String md = "Export *if possible*, or if\npossible, but not if `x` possible.\n";
        Critique c = review(md);

        assertThat(withRule(c, "ambiguous-escape-clause")).extracting(f -> f.anchor().exact())
                .containsExactly("if possible", "if\npossible");
    }

    @Test
    void theLongestPhraseWins() {
        Critique c = review("It ships as appropriate, including but not limited to PDF.\n");

        assertThat(withRule(c, "ambiguous-escape-clause")).extracting(f -> f.anchor().exact())
                .containsExactly("as appropriate");
        assertThat(withRule(c, "ambiguous-open-ended")).extracting(f -> f.anchor().exact())
                .containsExactly("including but not limited to");
        assertThat(withRule(c, "ambiguous-subjective")).as("'appropriate' was part of the clause").isEmpty();
    }

    @Test
    void wordyPhrasesSuggestAReplacementKeepingCapitals() {
        Critique c = review("In order to ship, we wait. Prior to launch, due to the fact that it is late.\n");

        assertThat(withRule(c, "wordy-phrase")).extracting(f -> f.anchor().exact(), Finding::suggestedText)
                .containsExactly(tuple("In order to", "To"), tuple("Prior to", "Before"),
                        tuple("due to the fact that", "because"));
        assertThat(c.scores()).as("wordiness does not lower the score").containsEntry("ambiguity", 100);
    }

    @Test
    void weakModalsCountOnlyInsideRequirementsAndNotAsAMonth() {
        String md = """
                ## Background

                Users should like it and may return.

                ## Requirements

                - **FR-1** The PM must export by 15 May 2027, or by May 2027 at the latest.
                - **FR-2** The PM may print.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "weak-modal")).extracting(f -> f.anchor().start())
                .containsExactly(md.indexOf("may print"));
    }

    @Test
    void headingsAreNotScannedForAmbiguity() {
        Critique c = review("## Fast and easy onboarding\n\nThe PM signs in with SSO.\n");

        assertThat(Prds.ofDimension(c, "ambiguity")).isEmpty();
    }

    @Test
    void placeholdersAreFoundInProseAndHeadingsButTodoOnlyInCapitals() {
        String md = """
                ## Pricing TBD

                Owner ???, rollout to be decided. A todo list app. TODO: FIXME later. Lorem ipsum dolor.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "placeholder")).extracting(f -> f.anchor().exact())
                .containsExactly("TBD", "???", "to be decided", "TODO", "FIXME");
        assertThat(withRule(c, "lorem-ipsum")).extracting(f -> f.anchor().exact()).containsExactly("Lorem ipsum");
        assertThat(withRule(c, "placeholder")).allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(c.scores()).containsEntry("completeness", 40);
    }

    @Test
    void onlyTheOutermostOfNestedEmptySectionsIsReported() {
        Critique c = review("## Goals\n\n### Metrics\n\n## Risks\n\n### Legal\n\nA patent claim.\n");

        assertThat(withRule(c, "section-empty")).extracting(f -> f.anchor().exact()).containsExactly("## Goals");
    }

    @Test
    void severityIsBandedByHowOftenTheRuleFires() {
        assertThat(withRule(review("fast. ".repeat(4)), "ambiguous-subjective"))
                .allMatch(f -> f.severity() == Severity.INFO);
        assertThat(withRule(review("fast. ".repeat(3) + "some. some."), "ambiguous-quantifier"))
                .as("the ambiguity rules share one band").allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(withRule(review("fast. ".repeat(10)), "ambiguous-subjective"))
                .allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(withRule(review("fast. ".repeat(11)), "ambiguous-subjective"))
                .allMatch(f -> f.severity() == Severity.CRITICAL);
        assertThat(withRule(review("In order to go. ".repeat(11)), "wordy-phrase"))
                .allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void ambiguityScoreFallsWithDensity() {
        String filler = "The PM exports the document to a file for review by legal. ".repeat(40); // 480 words
        assertThat(review(filler).scores()).containsEntry("ambiguity", 100);
        assertThat(review(filler + "It is fast.").scores().get("ambiguity")).isEqualTo(92);
        assertThat(review("It is fast, simple and intuitive.").scores().get("ambiguity")).isEqualTo(40);
    }
}
