package io.prdtool.ai.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.prdtool.ai.provider.ProviderException;
import io.prdtool.ai.text.TextAnchor;

/** What a model's answer becomes, and which answers are refused (nothing a model says is applied unchecked). */
class AnswersTest {

    private static final String DOC = "# PRD\n\n## Goals\n\nMore orders.\n\n## User stories\n\n## Risks\n\nNone.\n";

    private static ProviderException refused(Action action, String answer) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class,
                () -> Answers.parse(action, answer, DOC, TextAnchor.of(DOC, DOC.indexOf("More orders."),
                        DOC.indexOf("More orders.") + 12), "Goals"));
    }

    @Test
    void textAnswersLoseTheCodeFencesModelsWrapThemIn() {
        TextAnchor selection = TextAnchor.of(DOC, DOC.indexOf("More orders."), DOC.indexOf("More orders.") + 12);
        var outcome = Answers.parse(Action.IMPROVE, "```markdown\n10 % more orders per week.\n```", DOC, selection,
                null);
        assertThat(outcome.proposals()).singleElement().satisfies(p -> {
            assertThat(p.text()).isEqualTo("10 % more orders per week.");
            assertThat(p.anchor()).isEqualTo(selection);
        });
    }

    @Test
    void aShortenedTextMustBeShorter() {
        assertThat(refused(Action.SHORTEN, "Many, many more orders.").code())
                .isEqualTo(ProviderException.INVALID_OUTPUT);
        assertThat(refused(Action.IMPROVE, "   ").getMessage()).contains("empty");
    }

    @Test
    void storiesAreCheckedFieldByFieldAndPlacedUnderTheirHeading() {
        var outcome = Answers.parse(Action.USER_STORIES, "{\"stories\":[{\"asA\":\"buyer\",\"iWant\":\"to pay\","
                + "\"soThat\":\"I get the goods\",\"acceptanceCriteria\":[{\"given\":\"a cart\",\"when\":\"I pay\","
                + "\"then\":\"an order exists\"}]}]}", DOC, null, null);
        var p = outcome.proposals().get(0);
        assertThat(p.anchor().exact()).isEqualTo("## User stories");
        assertThat(p.text()).startsWith("## User stories\n\n### Story 1\n\nAs a buyer, I want to pay so that I get"
                + " the goods.").contains("- Given a cart, when I pay, then an order exists.");
        assertThat(refused(Action.USER_STORIES, "{\"stories\":[]}").getMessage()).contains("stories");
        assertThat(refused(Action.USER_STORIES, "{\"stories\":[{\"asA\":1}]}").getMessage()).contains("text");
        assertThat(refused(Action.USER_STORIES, "not json").getMessage()).contains("JSON");
        assertThat(refused(Action.USER_STORIES, "[1, 2]").getMessage()).contains("object");
    }

    @Test
    void metricsTablesEscapeCellsAndGoAtTheEndWithoutAHeading() {
        var outcome = Answers.parse(Action.SUCCESS_METRICS, "{\"metrics\":[{\"name\":\"a|b\",\"baseline\":\"1\","
                + "\"target\":\"2\",\"timeframe\":\"Q1\",\"measurement\":\"logs\"}]}", DOC, null, null);
        var p = outcome.proposals().get(0);
        assertThat(p.anchor()).isNull();
        assertThat(p.text()).contains("## Success metrics").contains("| a\\|b | 1 | 2 | Q1 | logs |");
    }

    @Test
    void diagramsMustBeMermaidWithoutLinksOrScripts() {
        assertThat(Answers.parse(Action.DIAGRAM, "Here:\n```mermaid\nsequenceDiagram\n A->>B: pay\n```", DOC, null,
                null).proposals().get(0).text()).isEqualTo("\n\n```mermaid\nsequenceDiagram\n A->>B: pay\n```\n");
        assertThat(refused(Action.DIAGRAM, "```mermaid\nflowchart LR\n A-->B\n click A href \"https://x\"\n```")
                .getMessage()).contains("click");
        assertThat(refused(Action.DIAGRAM, "```mermaid\n%%{init: {'securityLevel':'loose'}}%%\nflowchart LR\n"
                + " A-->B\n```").code()).isEqualTo(ProviderException.INVALID_OUTPUT);
        assertThat(refused(Action.DIAGRAM, "<script>alert(1)</script>").getMessage()).contains("Mermaid");
    }

    @Test
    void backlogsAreNormalizedAndBounded() {
        var result = Answers.parse(Action.BACKLOG, "{\"epic\":{\"title\":\"E\",\"description\":\"D\"},\"stories\":"
                + "[{\"title\":\"S\",\"description\":\"x\",\"priority\":\"LOW\"}]}", DOC, null, null).result();
        assertThat(result.at("/stories/0/priority").asText()).isEqualTo("low");
        assertThat(result.at("/stories/0/estimate").isNull()).isTrue();
        assertThat(refused(Action.BACKLOG, "{\"epic\":{\"title\":\"E\",\"description\":\"D\"},\"stories\":[{"
                + "\"title\":\"S\",\"description\":\"x\",\"priority\":\"urgent\"}]}").getMessage())
                .contains("priority");
        assertThat(refused(Action.BACKLOG, "{\"stories\":[]}").getMessage()).contains("epic");
    }

    @Test
    void critiqueFindingsThatDoNotQuoteTheTextAreDropped() {
        var outcome = Answers.parse(Action.CRITIQUE, "{\"findings\":[{\"quote\":\"None.\",\"message\":\"no risks?\","
                + "\"severity\":\"urgent\"},{\"quote\":\"invented\",\"message\":\"x\"}]}", DOC, null, null);
        assertThat(outcome.proposals()).singleElement().satisfies(p -> {
            assertThat(p.anchor().exact()).isEqualTo("None.");
            assertThat(p.metadata().get("severity").asText()).isEqualTo("warning");
            assertThat(p.text()).isNull();
        });
    }

    @Test
    void aDraftedSectionDropsARepeatedHeadingAndGoesUnderAnExistingOne() {
        var p = Answers.parse(Action.DRAFT_SECTION, "## Risks\n\nPayment outage: fall back to invoices.", DOC, null,
                "Risks").proposals().get(0);
        assertThat(p.anchor().exact()).isEqualTo("## Risks");
        assertThat(p.text()).isEqualTo("## Risks\n\nPayment outage: fall back to invoices.");
    }

    @Test
    void theSelectionIsFoundAgainNearWhereTheClientSaidItWas() {
        String doc = "same text. other. same text.";
        var near = ActionService.locateSelection(doc, new ActionRequest.Selection("same text.", 20));
        assertThat(near.start()).isEqualTo(18);
        var first = ActionService.locateSelection(doc, new ActionRequest.Selection("same text.", null));
        assertThat(first.start()).isZero();
        assertThatThrownBy(() -> ActionService.locateSelection(doc, new ActionRequest.Selection("absent", 0)))
                .hasMessageContaining("not in the PRD");
        assertThat(ActionService.sectionAt(DOC, DOC.indexOf("More orders."))).isEqualTo("Goals");
    }
}
