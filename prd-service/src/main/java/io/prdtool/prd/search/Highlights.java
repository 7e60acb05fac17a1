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
     * Appends {@code text[from, to)} HTML-escaped, every run of whitespace as one space; the control characters that
     * the postgres engine uses as match markers (U+0002, U+0003) are dropped, so content can never open a mark.
     */
    public static StringBuilder escape(StringBuilder sb, String text, int from, int to) {
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            if (c != '\u0002' && c != '\u0003') {
                escape(sb, c);
            }
        }
        if (space) {
            sb.append(' ');
        }
        return sb;
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
