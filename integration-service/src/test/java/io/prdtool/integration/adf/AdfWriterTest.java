package io.prdtool.integration.adf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class AdfWriterTest {

    static String sample() throws IOException {
        try (InputStream in = AdfWriterTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realisticPrdIsValidAdf() throws IOException {
        ObjectNode doc = AdfWriter.toAdf(sample());

        assertThat(AdfSchema.violations(doc)).isEmpty();
        assertThat(doc.get("type").asText()).isEqualTo("doc");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        List<String> types = new ArrayList<>();
        walk(doc, n -> types.add(n.path("type").asText()));
        assertThat(types).contains("heading", "paragraph", "bulletList", "orderedList", "listItem", "codeBlock",
                "blockquote", "rule", "table", "tableRow", "tableHeader", "tableCell", "hardBreak", "text");
    }

    @Test
    void realisticPrdKeepsStructure() throws IOException {
        ObjectNode doc = AdfWriter.toAdf(sample());
        JsonNode content = doc.get("content");

        assertThat(content.get(0).get("type").asText()).isEqualTo("heading");
        assertThat(content.get(0).at("/attrs/level").asInt()).isEqualTo(1);
        assertThat(content.get(0).at("/content/0/text").asText()).isEqualTo("Offline export — PRD");

        JsonNode json = find(doc, n -> "codeBlock".equals(n.path("type").asText())
                && "json".equals(n.at("/attrs/language").asText()));
        assertThat(json.at("/content/0/text").asText())
                .isEqualTo("{\"format\": \"pdf\", \"version\": \"1.2.0\", \"end\": \"]]>\"}");
        assertThat(json.at("/content/0/marks").isMissingNode()).isTrue();

        JsonNode table = find(doc, n -> "table".equals(n.path("type").asText()));
        assertThat(table.get("content")).hasSize(4);
        assertThat(table.at("/content/0/content/0/type").asText()).isEqualTo("tableHeader");
        assertThat(table.at("/content/1/content/0/type").asText()).isEqualTo("tableCell");
        // an empty cell still holds a paragraph
        assertThat(table.at("/content/3/content/1/content/0/type").asText()).isEqualTo("paragraph");

        JsonNode goals = find(doc, n -> "orderedList".equals(n.path("type").asText()));
        JsonNode nested = goals.at("/content/1/content/1");
        assertThat(nested.get("type").asText()).isEqualTo("bulletList");
        assertThat(nested.at("/content/1/content/1/type").asText()).isEqualTo("orderedList");
    }

    @Test
    void linksOnlyToSafeSchemes() throws IOException {
        ObjectNode doc = AdfWriter.toAdf(sample());
        List<String> hrefs = new ArrayList<>();
        walk(doc, n -> {
            for (JsonNode m : n.path("marks")) {
                if ("link".equals(m.path("type").asText())) {
                    hrefs.add(m.at("/attrs/href").asText());
                }
            }
        });
        assertThat(hrefs).contains("https://example.com/research", "https://example.com/survey",
                "mailto:pm@example.com", "https://example.com/d.png");
        assertThat(hrefs).allMatch(h -> h.startsWith("https://") || h.startsWith("http://")
                || h.startsWith("mailto:"));
        assertThat(allText(doc)).contains("bad link");
    }

    @Test
    void rawHtmlIsLiteralText() {
        ObjectNode doc = AdfWriter
                .toAdf("A <b>bold</b> tag and <script>alert('x')</script>.\n\n<div>\n  block\n</div>");

        assertThat(AdfSchema.violations(doc)).isEmpty();
        assertThat(allText(doc)).contains("A <b>bold</b> tag and <script>alert('x')</script>.", "<div>",
                "  block", "</div>");
        List<String> marks = new ArrayList<>();
        walk(doc, n -> n.path("marks").forEach(m -> marks.add(m.path("type").asText())));
        assertThat(marks).isEmpty();
    }

    @Test
    void codeMarkCombinesOnlyWithLink() {
        ObjectNode doc = AdfWriter.toAdf("**bold `code` *both `x`*** and [`linked code`](https://a.example)");

        assertThat(AdfSchema.violations(doc)).isEmpty();
        JsonNode inline = doc.at("/content/0/content");
        assertThat(inline.get(0).get("text").asText()).isEqualTo("bold ");
        assertThat(inline.get(0).get("marks").toString()).isEqualTo("[{\"type\":\"strong\"}]");
        assertThat(inline.get(1).get("text").asText()).isEqualTo("code");
        assertThat(inline.get(1).get("marks").toString()).isEqualTo("[{\"type\":\"code\"}]");
        JsonNode linked = find(doc, n -> "linked code".equals(n.path("text").asText()));
        assertThat(linked.get("marks").toString())
                .isEqualTo("[{\"type\":\"link\",\"attrs\":{\"href\":\"https://a.example\"}},{\"type\":\"code\"}]");
    }

    @Test
    void adjacentTextWithEqualMarksIsMerged() {
        ObjectNode doc = AdfWriter.toAdf("one\ntwo *three*");

        assertThat(doc.at("/content/0/content").toString())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"one two \"},"
                        + "{\"type\":\"text\",\"text\":\"three\",\"marks\":[{\"type\":\"em\"}]}]");
    }

    @Test
    void headingInsideListBecomesBoldParagraph() {
        ObjectNode doc = AdfWriter.toAdf("- # Title\n  text\n- > quoted\n  > ---\n  > more");

        assertThat(AdfSchema.violations(doc)).isEmpty();
        JsonNode first = doc.at("/content/0/content/0/content/0");
        assertThat(first.get("type").asText()).isEqualTo("paragraph");
        assertThat(first.at("/content/0/marks/0/type").asText()).isEqualTo("strong");
    }

    @Test
    void orderedListKeepsItsStart() {
        ObjectNode doc = AdfWriter.toAdf("3. three\n4. four");

        assertThat(doc.at("/content/0/attrs/order").asInt()).isEqualTo(3);
        assertThat(AdfSchema.violations(doc)).isEmpty();
    }

    @Test
    void sameMarkdownGivesSameDocument() throws IOException {
        assertThat(AdfWriter.toAdf(sample()).toString()).isEqualTo(AdfWriter.toAdf(sample()).toString());
    }

    @Test
    void plainTextIsNotParsed() {
        ObjectNode doc = AdfWriter.plainText("**not bold**\nsecond line");

        assertThat(AdfSchema.violations(doc)).isEmpty();
        assertThat(doc.at("/content/0/content/0/text").asText()).isEqualTo("**not bold**");
        assertThat(doc.at("/content/0/content/1/type").asText()).isEqualTo("hardBreak");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n\n", "-", "- ", "1.\n2.", "* \n  * only a sub-list", "# ", "#", "> ",
            ">", "> > nested quote", "> # heading in quote", "> ---", "- ---\n  x", "- |a|b|\n  |-|-|\n  |1|2|",
            "> |a|b|\n> |-|-|\n> |1||", "|a|\n|-|", "|a|b|\n|-|-|\n|1|2|3|\n|4|", "``` \n```", "```java\n\n\n```",
            "    ", "[](https://a.example)", "![](https://a.example/i.png)", "![]()", "[x](relative/path)",
            "[x](ftp://a.example)", "[x](javascript:alert(1))", "[x](mailto:)", "<https://a.example>", "www.a.example",
            "a@b.example", "***both*** ~~gone~~ ~about~", "**`code` only**", "a  \nb", "a\\\nb", "a  \n",
            "<br>", "<!-- comment -->", "\u0000\u0001\u0008 control\u000B chars \uFFFF", "\uD83D lone surrogate",
            "😀 👍🏽 🇩🇪", "line\r\nwindows\r\n", "\t- tab list", "1) paren\n2) list", "0. zero",
            "1234567890. too long", "- [ ] task\n- [x] done", "&amp; &copy; &#0; &nbsp;", "Setext\n===", "Setext\n---",
            "`` ` ``", "\\*escaped\\*"})
    void edgeCasesAreValidAdf(String markdown) {
        ObjectNode doc = AdfWriter.toAdf(markdown);

        assertThat(AdfSchema.violations(doc)).as(doc.toString()).isEmpty();
        walk(doc, n -> {
            if ("text".equals(n.path("type").asText())) {
                assertThat(n.path("text").asText()).isNotEmpty();
            }
        });
    }

    @Test
    void schemaRejectsWhatAdfForbids() throws IOException {
        // proves the validator is live: each of these breaks one rule the writer works around
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String para = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[%s]}]}";
        assertThat(AdfSchema.violations(mapper.readTree(para.formatted("{\"type\":\"text\",\"text\":\"\"}"))))
                .isNotEmpty();
        assertThat(AdfSchema.violations(mapper.readTree(para.formatted(
                "{\"type\":\"text\",\"text\":\"x\",\"marks\":[{\"type\":\"code\"},{\"type\":\"strong\"}]}"))))
                .isNotEmpty();
        assertThat(AdfSchema.violations(mapper.readTree(
                "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"bulletList\",\"content\":[]}]}")))
                .isNotEmpty();
        assertThat(AdfSchema.violations(mapper.readTree("{\"type\":\"doc\",\"version\":1,\"content\":["
                + "{\"type\":\"blockquote\",\"content\":[{\"type\":\"heading\",\"attrs\":{\"level\":1}}]}]}")))
                .isNotEmpty();
    }

    @Test
    void deepNestingStaysValid() {
        StringBuilder md = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            md.append("  ".repeat(i)).append("- level ").append(i).append('\n');
        }
        md.append(">".repeat(200)).append(" quote\n");
        md.append("*".repeat(500)).append("x").append("*".repeat(500));

        ObjectNode doc = AdfWriter.toAdf(md.toString());

        assertThat(AdfSchema.violations(doc)).isEmpty();
    }

    static void walk(JsonNode node, Consumer<JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(node);
            for (JsonNode child : node.path("content")) {
                walk(child, visit);
            }
        }
    }

    static JsonNode find(JsonNode root, java.util.function.Predicate<JsonNode> test) {
        List<JsonNode> found = new ArrayList<>();
        walk(root, n -> {
            if (found.isEmpty() && test.test(n)) {
                found.add(n);
            }
        });
        assertThat(found).as("a node in " + root).isNotEmpty();
        return found.get(0);
    }

    static String allText(JsonNode root) {
        StringBuilder sb = new StringBuilder();
        walk(root, n -> {
            if (n.has("text")) {
                sb.append(n.get("text").asText()).append('\n');
            }
        });
        return sb.toString();
    }
}
