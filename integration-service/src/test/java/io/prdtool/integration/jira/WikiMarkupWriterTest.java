package io.prdtool.integration.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WikiMarkupWriterTest {

    static String sample() throws IOException {
        try (InputStream in = WikiMarkupWriterTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void headingsEmphasisCodeAndLinks() {
        assertThat(WikiMarkupWriter.toWiki("# Title\n\n###### Six")).isEqualTo("h1. Title\n\nh6. Six");
        assertThat(WikiMarkupWriter.toWiki("**bold** and *italic* and ~~gone~~ and `a.b()`"))
                .isEqualTo("*bold* and _italic_ and -gone- and {{a.b()}}");
        assertThat(WikiMarkupWriter.toWiki("see [the survey](https://example.com/s \"Survey\") or"
                + " https://example.com/r or <pm@example.com>"))
                .isEqualTo("see [the survey|https://example.com/s] or [https://example.com/r] or"
                        + " [pm@example.com|mailto:pm@example.com]");
        assertThat(WikiMarkupWriter.toWiki("a [bad](javascript:alert(1)) link")).isEqualTo("a bad link");
        assertThat(WikiMarkupWriter.toWiki("![diagram](https://example.com/d.png)"))
                .isEqualTo("[diagram|https://example.com/d.png]");
        assertThat(WikiMarkupWriter.toWiki("one\ntwo  \nthree")).isEqualTo("one two \\\\ three");
    }

    @Test
    void listsNestAndMix() {
        assertThat(WikiMarkupWriter.toWiki("- a\n  - b\n    1. c\n- d\n\n1. one\n2. two"))
                .isEqualTo("* a\n** b\n**# c\n* d\n\n# one\n# two");
    }

    @Test
    void codeBlocksQuotesTablesAndRules() {
        assertThat(WikiMarkupWriter.toWiki("```java\nint x = a[0] * 2; // {html}\n```"))
                .isEqualTo("{code:java}\nint x = a[0] * 2; // {html}\n{code}");
        assertThat(WikiMarkupWriter.toWiki("```madeup\nx\n```")).isEqualTo("{code}\nx\n{code}");
        // a code block that would close the macro early falls back to {noformat}
        assertThat(WikiMarkupWriter.toWiki("```\nsee {code} here\n```")).isEqualTo(
                "{noformat}\nsee {code} here\n{noformat}");
        assertThat(WikiMarkupWriter.toWiki("> quoted")).isEqualTo("bq. quoted");
        assertThat(WikiMarkupWriter.toWiki("> one\n>\n> two")).isEqualTo("{quote}\none\n\ntwo\n{quote}");
        assertThat(WikiMarkupWriter.toWiki("| A | B |\n|---|---|\n| 1 | |\n| x\\|y | **z** |"))
                .isEqualTo("||A||B||\n|1| |\n|x\\|y|*z*|");
        assertThat(WikiMarkupWriter.toWiki("a\n\n---\n\nb")).isEqualTo("a\n\n----\n\nb");
    }

    @Test
    void userTextCannotInjectMarkupOrMacros() {
        String wiki = WikiMarkupWriter.toWiki("{html}<script>alert(1)</script>{html} and [x|javascript:y]"
                + " and *not bold* via \\*stars\\* and a \\\\ backslash, !image.png! -strike- +u+ ^s^ ~t~ ??c??");
        assertThat(wiki).doesNotContain("{html}").contains("\\{html\\}").contains("\\[x\\|javascript:y\\]")
                .contains("_not bold_").contains("\\*stars\\*").contains("&#92;").contains("\\!image.png\\!")
                .contains("\\-strike\\-").contains("\\+u\\+").contains("\\^s\\^").contains("\\~t\\~")
                .contains("\\?\\?c\\?\\?");
        // every { and [ in the output is escaped: no macro and no link came from user text
        assertThat(wiki.replace("\\{", "").replace("\\[", "")).doesNotContain("{").doesNotContain("[");
        // a paragraph that reads like a block marker stays a paragraph; raw HTML is literal
        assertThat(WikiMarkupWriter.toWiki("h1. not a heading")).isEqualTo("&#104;1. not a heading");
        assertThat(WikiMarkupWriter.toWiki("bq. not a quote")).isEqualTo("&#98;q. not a quote");
        assertThat(WikiMarkupWriter.toWiki("<div>{panel}</div>")).isEqualTo("<div>\\{panel\\}</div>");
        assertThat(WikiMarkupWriter.toWiki("- # heading in a list\n- | a |")).isEqualTo(
                "* *heading in a list*\n* \\| a \\|");
        assertThat(WikiMarkupWriter.escape("#1 - [a]|{b}")).isEqualTo("\\#1 \\- \\[a\\]\\|\\{b\\}");
    }

    @Test
    void plainTextIsLiteralWithLinks() {
        assertThat(WikiMarkupWriter.plainText("PRD *x* v1.2.0\n\nhttps://prd.example.com/p/1?a=b|c"))
                .isEqualTo("PRD \\*x\\* v1.2.0\n\n[https://prd.example.com/p/1?a=b%7Cc]");
        assertThat(WikiMarkupWriter.plainText("h2. {color:red}x{color}"))
                .isEqualTo("&#104;2. \\{color:red\\}x\\{color\\}");
    }

    @Test
    void realisticPrdUsesEveryConstructAndIsDeterministic() throws IOException {
        String wiki = WikiMarkupWriter.toWiki(sample());
        assertThat(wiki).startsWith("h1. Offline export — PRD\n\n")
                .contains("\nh2. Problem\n").contains("\n# Export any PRD version as PDF\n")
                .contains("\n#* nested bullet with {{inline code}} and *bold {{code}}*\n")
                .contains("\n#*# third level, ordered").contains("{code:json}\n")
                .contains("||Metric||Target||Note||").contains("|Export time (p95)|3 s|50\\-page PRD|")
                .contains("[the survey|https://example.com/survey]").contains("bq. *Status:*")
                .doesNotContain("javascript:");
        assertThat(WikiMarkupWriter.toWiki(sample())).isEqualTo(wiki);
    }
}
