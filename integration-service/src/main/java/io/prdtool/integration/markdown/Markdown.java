package io.prdtool.integration.markdown;

import java.util.List;
import java.util.Locale;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The one Markdown dialect a PRD is read in before it goes to Jira, Confluence or a requirement list: CommonMark with
 * GFM tables, {@code ~~strikethrough~~} (two tildes only: a single {@code ~} in a PRD means "about") and autolinked
 * bare URLs and e-mail addresses. Raw HTML is parsed as HTML nodes, which every writer outputs as literal text.
 */
public final class Markdown {

    /** Deeper nesting than this is not a document a person wrote; it would also overflow the writers' recursion. */
    private static final int MAX_NESTING = 48;

    static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.builder().requireTwoTildes(true).build(), AutolinkExtension.create());

    private static final Parser PARSER = Parser.builder()
            .extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .maxOpenBlockParsers(MAX_NESTING)
            .maxInlineNesting(MAX_NESTING)
            .build();

    private Markdown() {
    }

    /** The extensions a renderer of the parsed tree must know (tables, strikethrough). */
    public static List<Extension> extensions() {
        return EXTENSIONS;
    }

    /** Parses {@code markdown} (null is empty) after dropping the characters XML 1.0 forbids. */
    public static Node parse(String markdown) {
        return PARSER.parse(clean(markdown));
    }

    /**
     * {@code text} without the control characters XML 1.0 and the Atlassian editors refuse (all C0 controls except
     * tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates). Null is empty.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (ok && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Whether {@code href} may become a link in Jira or Confluence: only absolute http, https and mailto URLs. Anything
     * else ({@code javascript:}, {@code data:}, relative paths that would resolve against the Atlassian site) stays
     * plain text.
     */
    public static boolean isSafeHref(String href) {
        if (href == null || href.isBlank()) {
            return false;
        }
        String h = href.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("mailto:")) {
            return h.length() > "mailto:".length();
        }
        if (!(h.startsWith("http://") || h.startsWith("https://"))) {
            return false;
        }
        int hostStart = h.indexOf("//") + 2;
        return hostStart < h.length() && h.charAt(hostStart) != '/';
    }
}
