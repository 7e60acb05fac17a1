package io.prdtool.ai.critique;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random Markdown, fixed seeds: whatever the input, every finding's anchor quotes the input at its start, findings are
 * in order, and a second review gives the same critique.
 */
class AnchorPropertyTest {

    private static final String[] WORDS = {"fast", "easy", "several", "TBD", "should", "may", "etc.", "if possible",
            "in order to", "As a PM, I want", "so that", "FR-1", "NFR-2", "p95", "300 ms", "Given", "then", "the",
            "export", "é", "漢字", "😀", "👍🏽", "🧑‍💻", "&amp;", "\\*", "**bold**", "_em_", "`fast code`",
            "[fast link](http://x.io/fast)",
            "<http://fast.io>", "https://example.com/easy", "???", "lorem ipsum", "|", "\t"};
    private static final String[] LINE_STARTS = {"", "", "", "- ", "  - ", "1. ", "> ", "## Requirements\n",
            "## Goals\n", "### Risks\n", "# Title\n", "## Non-functional requirements\n", "- [ ] ", "```\n",
            "    ", "| a | b |\n|---|---|\n| ", "Heading\n===\n", "<!-- "};
    private static final String[] LINE_ENDS = {"\n", "\n", "\r\n", "\n\n", "\r"};

    private static String randomMarkdown(Random random) {
        StringBuilder sb = new StringBuilder();
        int lines = random.nextInt(40);
        for (int l = 0; l < lines; l++) {
            sb.append(LINE_STARTS[random.nextInt(LINE_STARTS.length)]);
            int words = random.nextInt(12);
            for (int w = 0; w < words; w++) {
                sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? ", " : " ");
            }
            sb.append(LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
        }
        return sb.toString();
    }

    @Test
    void anchorsQuoteTheInputForRandomMarkdown() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            String md = randomMarkdown(random);
            Critique c = Prds.REVIEWER.review(md, Rubric.defaults(), List.of("Goals", "Rollout"));

            Prds.assertAnchorsQuoteTheInput(md, c);
            List<Integer> starts = c.findings().stream().filter(f -> f.anchor() != null)
                    .map(f -> f.anchor().start()).toList();
            assertThat(starts).as("round %d", round).isSorted();
            assertThat(c.scores().values()).allSatisfy(s -> assertThat(s).isBetween(0, 100));
            assertThat(Prds.REVIEWER.review(md, Rubric.defaults(), List.of("Goals", "Rollout"))).isEqualTo(c);
        }
    }

    @Test
    void flaggedWordsNeverComeFromCodeOrUrls() {
        Random random = new Random(99);
        for (int round = 0; round < 300; round++) {
            String md = randomMarkdown(random);
            Critique c = Prds.review(md);

            for (Finding f : c.findings()) {
                if (f.anchor() != null && f.rule().startsWith("ambiguous-")) {
                    int s = f.anchor().start();
                    String before = md.substring(Math.max(0, s - 8), s);
                    assertThat(before).as("round %d: %s", round, f).doesNotEndWith("`").doesNotEndWith("://x.io/")
                            .doesNotEndWith("<http://").doesNotEndWith("example.com/");
                }
            }
        }
    }
}
