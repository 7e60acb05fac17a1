package io.prdtool.integration.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prdtool.integration.markdown.Requirements.Requirement;

class RequirementsTest {

    static String sample() throws IOException {
        try (InputStream in = RequirementsTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realisticPrdYieldsItsRequirementsAndStories() throws IOException {
        List<Requirement> reqs = Requirements.extract(sample());

        assertThat(reqs).extracting(Requirement::id).containsExactly("FR-1", "FR-2", "functional-requirements-3",
                "functional-requirements-4", "US-1", "user-stories-2");
        assertThat(reqs).extracting(Requirement::section).containsExactly("Functional requirements",
                "Functional requirements", "Functional requirements", "Functional requirements", "User stories",
                "User stories");
        assertThat(reqs).extracting(Requirement::explicitId).containsExactly(true, true, false, false, true, false);

        Requirement fr1 = reqs.get(0);
        assertThat(fr1.summary()).isEqualTo("FR-1: Export the current version to PDF.");
        assertThat(fr1.description())
                .isEqualTo("**FR-1**: Export the current version to PDF.\nThe file name is `<slug>-<version>.pdf`.");

        Requirement fr2 = reqs.get(1);
        assertThat(fr2.summary()).isEqualTo("FR-2: Export a chosen older version.");
        assertThat(fr2.description()).isEqualTo("FR-2: Export a chosen older version.\n"
                + "- Versions are listed newest first\n- The picker shows the semver and the author");

        assertThat(reqs.get(3).summary()).isEqualTo("Show a progress bar for exports longer than 2 s");
        assertThat(reqs.get(4).summary()).isEqualTo("US-1 As a PM I want to export so that I can read offline.");
    }

    @Test
    void itemKeepsNestedBlocksAndBlankLines() {
        String md = "# Requirements\n\n- First line\n  continues\n\n  Second paragraph\n\n  ```\n  code\n  ```\n- Next\n";

        List<Requirement> reqs = Requirements.extract(md);

        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).summary()).isEqualTo("First line");
        assertThat(reqs.get(0).description())
                .isEqualTo("First line\ncontinues\n\nSecond paragraph\n\n```\ncode\n```");
        assertThat(reqs.get(1).id()).isEqualTo("requirements-2");
    }

    @Test
    void sectionEndsAtSameOrHigherLevelHeading() {
        String md = "## Requirements\n- a\n### Details\n- b\n## Out of scope\n- c\n# Appendix\n- d\n";

        assertThat(Requirements.extract(md)).extracting(Requirement::summary).containsExactly("a", "b");
    }

    @Test
    void nestedRequirementsHeadingStartsItsOwnSection() {
        String md = "## Requirements\n- a\n### Functional requirements\n- b\n### Non-functional requirements\n- c\n";

        assertThat(Requirements.extract(md)).extracting(Requirement::id).containsExactly("requirements-1",
                "functional-requirements-1", "non-functional-requirements-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Requirements", "requirements", "REQUIREMENTS:", "Functional requirements",
            "Non-functional requirements", "3. User stories", "2.1 Functional Requirements", "User Stories",
            "Stories", "Requirement"})
    void recognisesRequirementHeadings(String title) {
        assertThat(Requirements.isRequirementsHeading(title)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Goals", "Requirements overview", "Open questions", "Storyboard", "Problem", ""})
    void ignoresOtherHeadings(String title) {
        assertThat(Requirements.isRequirementsHeading(title)).isFalse();
    }

    @Test
    void explicitIdsInTheirUsualForms() {
        String md = "## Requirements\n- FR-3: colon\n- **FR-4** bold\n- [US-2] bracketed\n- NFR-1.2 dotted\n"
                + "- fr-5 lower case is text\n- FR-6x is no id\n- `FR-7`: code\n";

        assertThat(Requirements.extract(md)).extracting(Requirement::id).containsExactly("FR-3", "FR-4", "US-2",
                "NFR-1.2", "requirements-5", "requirements-6", "FR-7");
    }

    @Test
    void repeatedIdsAndSectionsStayUnique() {
        String md = "## Requirements\n- FR-1: a\n- FR-1: b\n## Requirements\n- c\n";

        assertThat(Requirements.extract(md)).extracting(Requirement::id).containsExactly("FR-1", "FR-1#2",
                "requirements-2-1");
    }

    @Test
    void ordinalIdsSurviveTextEdits() {
        List<Requirement> before = Requirements.extract("## Requirements\n- Export to PDF\n- Share a link\n");
        List<Requirement> after = Requirements.extract("## Requirements\n- Export to PDF (A4)\n- Share a link\n");

        assertThat(after).extracting(Requirement::id).isEqualTo(before.stream().map(Requirement::id).toList());
    }

    @Test
    void summaryIsOneLineOfAtMost255Characters() {
        String longLine = "word ".repeat(100) + "😀";
        String md = "## Requirements\n- " + longLine + "\n  second line\n- a  \n  hard break\n";

        List<Requirement> reqs = Requirements.extract(md);

        assertThat(reqs.get(0).summary()).hasSizeLessThanOrEqualTo(255).endsWith("…").doesNotContain("\n");
        assertThat(reqs.get(1).summary()).isEqualTo("a");
    }

    @Test
    void onlyTopLevelListsDirectlyInTheSectionCount() {
        String md = "## Requirements\n> - quoted is not one\n\n```\n- fenced is not one\n```\n\n- real\n  - nested\n";

        List<Requirement> reqs = Requirements.extract(md);

        assertThat(reqs).extracting(Requirement::summary).containsExactly("real");
        assertThat(reqs.get(0).description()).isEqualTo("real\n- nested");
    }

    @Test
    void emptyItemsAreSkippedButKeepTheirNumber() {
        assertThat(Requirements.extract("## Requirements\n-\n- b\n")).extracting(Requirement::id)
                .containsExactly("requirements-2");
    }

    @Test
    void noRequirementsInEmptyOrOtherDocuments() {
        assertThat(Requirements.extract(null)).isEmpty();
        assertThat(Requirements.extract("# Goals\n- a\n")).isEmpty();
    }

    @Test
    void sameMarkdownGivesSameRequirements() throws IOException {
        assertThat(Requirements.extract(sample())).isEqualTo(Requirements.extract(sample()));
    }
}
