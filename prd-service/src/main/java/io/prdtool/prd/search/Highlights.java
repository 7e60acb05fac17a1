package io.prdtool.prd.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The HTML of titles and snippets that the index engines (lucene, opensearch) answer: text HTML-escaped as the
 * postgres engine escapes it, whitespace runs as one space, matches in {@code <mark>}.
 */
public final class Highlights {

    private Highlights() {
    }

    /**
     * Appends {@code text[from, to)} HTML-escaped, every run of whitespace as one space, control characters dropped
     * (among them U+0002 and U+0003, the postgres engine's match markers: content can never open a mark).
     */
    public static StringBuilder escape(StringBuilder sb, String text, int from, int to) {
        return append(sb, text, from, to, -1, -1);
    }

    /**
     * Text in which a search engine put {@code open} and {@code close} around matches, as HTML: escaped, whitespace runs
     * as one space, control characters dropped, the markers as {@code <mark>} tags.
     */
    public static String marked(String text, char open, char close) {
        return append(new StringBuilder(text.length() + 32), text, 0, text.length(), open, close).toString();
    }

    private static StringBuilder append(StringBuilder sb, String text, int from, int to, int open, int close) {
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (control(c)) {
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            if (c == open) {
                sb.append("<mark>");
            } else if (c == close) {
                sb.append("</mark>");
            } else {
                escape(sb, c);
            }
        }
        if (space) {
            sb.append(' ');
        }
        return sb;
    }

    /** Control characters other than whitespace are not text (and U+0002/U+0003 mark the postgres engine's matches). */
    private static boolean control(char c) {
        return Character.isISOControl(c);
    }

    /** Appends one character HTML-escaped (the five characters that matter in text and attribute values). */
    public static StringBuilder escape(StringBuilder sb, char c) {
        return switch (c) {
            case '<' -> sb.append("&lt;");
            case '>' -> sb.append("&gt;");
            case '&' -> sb.append("&amp;");
            case '"' -> sb.append("&quot;");
            case '\'' -> sb.append("&#39;");
            default -> sb.append(c);
        };
    }

    /** The whole title, HTML-escaped, with every word whose analysed form is one of {@code terms} in a mark. */
    public static String title(Analyzer analyzer, String field, String title, Set<String> terms) {
        StringBuilder sb = new StringBuilder(title.length() + 16);
        int at = 0;
        try (TokenStream ts = analyzer.tokenStream(field, title)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offsets = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (offsets.startOffset() >= at && terms.contains(term.toString())) {
                    escape(sb, title, at, offsets.startOffset()).append("<mark>");
                    escape(sb, title, offsets.startOffset(), offsets.endOffset()).append("</mark>");
                    at = offsets.endOffset();
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return escape(sb, title, at, title.length()).toString();
    }
}
