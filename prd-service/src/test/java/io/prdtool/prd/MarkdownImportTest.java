package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.prd.MarkdownImport;

/** The Markdown reader on its own: where front matter ends, what it maps to, what it refuses. */
class MarkdownImportTest {

    @Test
    void frontMatterEndsAtDashesOrDotsWithCrlfAndOneBlankLineBelongsToIt() {
        MarkdownImport.Document crlf = MarkdownImport.parse("---\r\ntitle: A\r\n---\r\n\r\nBody\r\n", "f");
        assertThat(crlf.title()).isEqualTo("A");
        assertThat(crlf.body()).isEqualTo("Body\r\n");
        MarkdownImport.Document dots = MarkdownImport.parse("---\ntitle: B\n...\n\n\nTwo blank lines\n", "f");
        assertThat(dots.title()).isEqualTo("B");
        assertThat(dots.body()).isEqualTo("\nTwo blank lines\n");
        MarkdownImport.Document none = MarkdownImport.parse("# Plain\n\n---\n\nrule\n", "f");
        assertThat(none.title()).isNull();
        assertThat(none.body()).isEqualTo("# Plain\n\n---\n\nrule\n");
        assertThat(MarkdownImport.parse("---\n---\nEmpty front matter", "f").body()).isEqualTo("Empty front matter");
    }

    @Test
    void metadataKeepsJsonKindsAndNullsAreAbsent() {
        MarkdownImport.Document d = MarkdownImport.parse("---\ntitle:\nmetadata:\n  big: 123456789012345678901234567890"
                + "\n  when: 2026-12-07\n  on: on\n  list: [1, 2.5, true, null]\n---\n", "f");
        assertThat(d.title()).isNull();
        assertThat(d.metadata()).containsEntry("big", new BigInteger("123456789012345678901234567890"))
                .containsEntry("when", "2026-12-07").containsEntry("on", "on");
        assertThat(d.metadata().get("list")).isEqualTo(Arrays.asList(1, 2.5, true, null));
    }

    @Test
    void theTitleFallsBackToTheFirstHeadingOutsideFencesThenToTheFileName() {
        assertThat(MarkdownImport.firstHeading("~~~\n# code\n~~~\n#no\n  # Real one #\n# Second\n"))
                .isEqualTo("Real one");
        assertThat(MarkdownImport.firstHeading("## Only level two\n")).isNull();
        assertThat(MarkdownImport.titleFromFilename("docs/Release plan.md")).isEqualTo("Release plan");
        assertThat(MarkdownImport.titleFromFilename(".md")).isNull();
    }

    @Test
    void refusesWhatItCannotReadNamingTheField() {
        assertThatThrownBy(() -> MarkdownImport.decode(new byte[]{'a', (byte) 0xC3}, "file"))
                .isInstanceOfSatisfying(MarkdownImport.Refused.class, r -> assertThat(r.field()).isEqualTo("file"));
        assertThat(MarkdownImport.decode("\uFEFFhé".getBytes(StandardCharsets.UTF_8), "file")).isEqualTo("hé");
        Map<String, String> refused = Map.of(
                "---\nmetadata:\n  1: one\n---\n", "frontMatter.metadata",
                "---\nmetadata:\n  s: !!set {a, b}\n---\n", "frontMatter.metadata.s",
                "---\napprover_ids: [not-a-uuid]\n---\n", "frontMatter.approver_ids[0]",
                "---\n? [a, b]\n: complex key\n---\n", "f",
                "---\ntitle: x\n" + "y: " + "z".repeat(MarkdownImport.MAX_FRONT_MATTER) + "\n---\n", "f",
                "---\na: &a [1]\nb: !custom 3\n---\n", "f");
        refused.forEach((markdown, field) -> assertThatThrownBy(() -> MarkdownImport.parse(markdown, "f"))
                .as(markdown.substring(0, Math.min(40, markdown.length())))
                .isInstanceOfSatisfying(MarkdownImport.Refused.class, r -> assertThat(r.field()).isEqualTo(field)));
    }
}
