package io.prdtool.ai.critique;

import static io.prdtool.ai.critique.Prds.review;
import static io.prdtool.ai.critique.Prds.withRule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules about what a PRD holds: problem, goals, stories, criteria, requirements, NFRs, risks. */
class StructureRulesTest {

    @Test
    void problemStatementThatOpensWithTheSolutionIsFlagged() {
        String md = "## Problem\n\nWe will build an exporter.\n";
        Critique c = review(md);

        assertThat(withRule(c, "problem-states-solution")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("We will"));
        assertThat(withRule(c, "problem-too-short")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("## Problem");
            assertThat(f.message()).isEqualTo("The problem statement has only 5 words");
        });
        assertThat(withRule(c, "problem-no-pain")).hasSize(1);
        assertThat(c.scores()).containsEntry("problem_statement", 20);
    }

    @Test
    void goalsNeedANumberWithAUnitBaselineOrTimeframe() {
        String md = "## Goals\n\n- Grow exports to 500.\n- Grow exports to 500 per week.\n- Grow exports.\n"
                + "- Activation from 40% to 55%.\n";
        Critique c = review(md);

        assertThat(withRule(c, "goal-metric-incomplete")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("Grow exports to 500."));
        assertThat(withRule(c, "goal-unmeasurable")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("Grow exports."));
        assertThat(c.scores()).containsEntry("goals_metrics", 63);
    }

    @Test
    void goalsInATableAreCheckedPerRow() {
        String md = "## Success metrics\n\n| Metric | Target |\n|---|---|\n"
                + "| Activation | 55% by Q3 |\n| Delight | high |\n";
        Critique c = review(md);

        assertThat(withRule(c, "goal-unmeasurable")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("| Delight | high |"));
    }

    @Test
    void storiesNeedABenefitAndARealPersona() {
        String md = "## User stories\n\n- As a reviewing PM, I want a diff so that I see what changed.\n"
                + "- As a user, I want to export.\n\nTools such as a user I want list are not stories.\n";
        Critique c = review(md);

        assertThat(withRule(c, "story-without-benefit")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("As a user, I want to export."));
        assertThat(withRule(c, "story-generic-persona")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("user");
            assertThat(f.anchor().start()).isEqualTo(md.indexOf("user,"));
        });
        assertThat(c.scores()).containsEntry("users_stories", 80);
    }

    @Test
    void storiesAnywhereCountWithoutAUsersSection() {
        Critique c = review("## Requirements\n\n- **FR-1** As an org admin, I want SSO so that staff sign in once.\n");

        assertThat(withRule(c, "section-missing")).noneMatch(f -> f.dimension().equals("users_stories"));
        assertThat(withRule(c, "stories-missing")).isEmpty();
    }

    @Test
    void acceptanceCriteriaAreLookedForPerRequirement() {
        String md = """
                ## Requirements

                - **FR-1** The PM can export a PRD.
                  - Given a PRD, when the PM exports it, then a PDF downloads.
                - **FR-2** The PM can print a PRD.
                - **FR-3** The PM can share a link.
                  - [ ] The link opens the PRD read-only.
                - **FR-4** The PM can archive a PRD.

                ## Acceptance criteria

                - FR-4: an archived PRD leaves the list.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "criteria-missing")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("**FR-2** The PM can print a PRD.");
            assertThat(f.message()).isEqualTo("No acceptance criteria for this requirement");
        });
        assertThat(c.scores()).containsEntry("acceptance_criteria", 75);
    }

    @Test
    void criteriaUnderARequirementHeadingBelongToIt() {
        String md = """
                ## Requirements

                ### FR-1 Export

                The PM can export a PRD.

                **Acceptance criteria:**

                - The file opens in a PDF reader.

                ### FR-2 Print

                The PM can print a PRD.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "criteria-missing")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("### FR-2 Print"));
        assertThat(withRule(c, "requirement-unnumbered")).isEmpty();
    }

    @Test
    void noCriteriaAnywhereIsOneDocumentLevelFinding() {
        Critique c = review("## Requirements\n\n- **FR-1** The PM can export.\n- **FR-2** The PM can print.\n");

        assertThat(Prds.ofDimension(c, "acceptance_criteria")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("section-missing");
            assertThat(f.anchor()).isNull();
        });
    }

    @Test
    void requirementsNeedUniqueIdsAndAnActor() {
        String md = """
                ## Requirements

                - **FR-1** The PM can export.
                - **FR-1** The PM can print.
                - PDF export via Kafka.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "requirement-duplicate-id")).singleElement().satisfies(f -> {
            assertThat(f.anchor().exact()).isEqualTo("FR-1");
            assertThat(f.anchor().start()).isEqualTo(md.indexOf("FR-1", md.indexOf("FR-1") + 1));
        });
        assertThat(withRule(c, "requirement-unnumbered")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("PDF export via Kafka."));
        assertThat(withRule(c, "requirement-form")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("PDF export via Kafka."));
        assertThat(withRule(c, "requirement-implementation-detail")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("Kafka"));
        assertThat(c.scores()).containsEntry("requirements", 62);
    }

    @Test
    void anOrderedListNumbersRequirements() {
        Critique c = review("## Requirements\n\n1. The PM can export.\n2. The PM can print.\n");

        assertThat(withRule(c, "requirement-unnumbered")).isEmpty();
        assertThat(c.scores()).containsEntry("requirements", 100);
    }

    @Test
    void requirementsWrittenAsProseAreFlaggedAtTheHeading() {
        Critique c = review("## Requirements\n\nThe PM can export and print the document in one go.\n");

        assertThat(withRule(c, "requirements-unlisted")).singleElement()
                .satisfies(f -> assertThat(f.anchor().exact()).isEqualTo("## Requirements"));
        assertThat(c.scores()).containsEntry("requirements", 20);
    }

    @Test
    void nfrsNeedAMeasurableTargetAndTheVagueWordIsReportedOnce() {
        String md = """
                ## Requirements

                - **FR-1** The PM can export.
                - **NFR-1** The export must be scalable.

                ## Performance

                - Export p95 under 8 s for 40 pages.
                - The editor stays responsive.
                - Works offline.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "nfr-unmeasurable")).extracting(f -> f.anchor().exact())
                .containsExactly("scalable", "responsive", "Works offline.");
        assertThat(withRule(c, "nfr-unmeasurable").get(0).hint())
                .isEqualTo("State a target, e.g. '10,000 concurrent editors with p95 under 500 ms'.");
        assertThat(withRule(c, "ambiguous-subjective")).as("claimed by the NFR rule").isEmpty();
        assertThat(c.scores()).containsEntry("nfr", 25);
    }

    @Test
    void paragraphsAreItemsOnlyInSectionsWithoutListsOrTables() {
        String commentary = "## Non-functional requirements\n\n| ID | Target |\n|---|---|\n"
                + "| NFR-1 | p95 under 2 s |\n\nSee the design doc for the load test plan.\n";
        String prose = "## Non-functional requirements\n\nThe system stays up during deploys.\n\n"
                + "The load test plan:\n";

        assertThat(withRule(review(commentary), "nfr-unmeasurable")).isEmpty();
        assertThat(withRule(review(prose), "nfr-unmeasurable")).extracting(f -> f.anchor().exact())
                .as("an introduction ending in ':' is not an item")
                .containsExactly("The system stays up during deploys.");
    }

    @Test
    void risksNeedAMitigationInTheTableOrTheText() {
        String md = """
                ## Risks

                | Risk | Mitigation |
                |---|---|
                | Vendor outage | Second vendor on standby |
                | Legal blocks launch | TBD |

                - Adoption is low.
                  - Mitigation: onboarding checklist.
                - Costs overrun.
                """;
        Critique c = review(md);

        assertThat(withRule(c, "risk-without-mitigation")).extracting(f -> f.anchor().exact())
                .containsExactly("| Legal blocks launch | TBD |", "Costs overrun.");
        assertThat(c.scores()).containsEntry("risks", 50);
    }
}
