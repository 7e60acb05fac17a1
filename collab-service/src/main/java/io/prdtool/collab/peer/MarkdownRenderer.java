package io.prdtool.collab.peer;

import java.util.List;
import java.util.Map;

/**
 * Renders a Y.Text delta as Markdown: inline marks (bold, italic, code, strike, link) around the runs, and the
 * Quill-style line attribute {@code header: n} on a newline as a heading. Text without marks is already Markdown
 * source and passes through unchanged.
 */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(List<Map<String, Object>> delta) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (Map<String, Object> op : delta) {
            if (!(op.get("insert") instanceof String text)) {
                continue; // embeds have no Markdown form here
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> attrs = op.get("attributes") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m
                    : Map.of();
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                line.append(inline(text.substring(start, nl), attrs));
                Object header = attrs.get("header");
                if (header instanceof Number level && level.intValue() >= 1 && level.intValue() <= 6) {
                    out.append("#".repeat(level.intValue())).append(' ');
                }
                out.append(line).append('\n');
                line.setLength(0);
                start = nl + 1;
            }
            line.append(inline(text.substring(start), attrs));
        }
        return out.append(line).toString();
    }

    private static String inline(String text, Map<String, Object> attrs) {
        if (text.isEmpty() || attrs.isEmpty()) {
            return text;
        }
        String s = text;
        if (Boolean.TRUE.equals(attrs.get("code"))) {
            s = "`" + s + "`";
        }
        if (Boolean.TRUE.equals(attrs.get("italic"))) {
            s = "*" + s + "*";
        }
        if (Boolean.TRUE.equals(attrs.get("bold"))) {
            s = "**" + s + "**";
        }
        if (Boolean.TRUE.equals(attrs.get("strike"))) {
            s = "~~" + s + "~~";
        }
        if (attrs.get("link") instanceof String url) {
            s = "[" + s + "](" + url + ")";
        }
        return s;
    }
}
