package io.prdtool.collab.crdt;

import java.util.Map;

/**
 * Text out of a ProseMirror document stored the way y-prosemirror stores it: an
 * {@link YXmlFragment} of block elements (paragraph, heading with a {@code level} attribute,
 * blockquote, code_block, bullet_list/ordered_list of list_item, horizontal_rule, hard_break, image)
 * whose text lives in {@link YXmlText} nodes with marks as formatting attributes (bold/strong,
 * italic/em, code, strike, link with {@code href}). Unknown elements contribute their children.
 */
public final class ProseMirrorText {

    private ProseMirrorText() {
    }

    /** Block texts separated by a blank line; no markup. */
    public static String plainText(YXmlFragment doc) {
        StringBuilder out = new StringBuilder();
        for (Object child : doc.children()) {
            String block = plainBlock(child).strip();
            if (!block.isEmpty()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(block);
            }
        }
        return out.toString();
    }

    private static String plainBlock(Object node) {
        if (node instanceof YXmlText t) {
            return t.toPlainString();
        }
        if (node instanceof YXmlElement el) {
            String name = el.nodeName();
            if (name.equals("hard_break")) {
                return "\n";
            }
            StringBuilder sb = new StringBuilder();
            boolean blockChildren = name.endsWith("_list") || name.equals("blockquote") || name.equals("list_item")
                    || name.equals("doc");
            for (Object c : el.children()) {
                String s = plainBlock(c);
                if (blockChildren && sb.length() > 0 && !s.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(s);
            }
            return sb.toString();
        }
        return "";
    }

    /** CommonMark-style Markdown of the document. */
    public static String markdown(YXmlFragment doc) {
        StringBuilder out = new StringBuilder();
        for (Object child : doc.children()) {
            String block = markdownBlock(child, "");
            if (!block.isBlank()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(block.stripTrailing());
            }
        }
        return out.toString();
    }

    private static String markdownBlock(Object node, String indent) {
        if (node instanceof YXmlText t) {
            return inline(t);
        }
        if (!(node instanceof YXmlElement el)) {
            return "";
        }
        switch (el.nodeName()) {
            case "heading" : {
                int level = 1;
                Object l = el.getAttribute("level");
                if (l != null) {
                    try {
                        level = Math.max(1, Math.min(6, (int) Double.parseDouble(AbstractType.jsString(l))));
                    } catch (NumberFormatException e) {
                        level = 1;
                    }
                }
                return "#".repeat(level) + " " + inlineChildren(el);
            }
            case "blockquote" : {
                StringBuilder sb = new StringBuilder();
                for (Object c : el.children()) {
                    String s = markdownBlock(c, "");
                    for (String line : s.split("\n", -1)) {
                        sb.append("> ").append(line).append('\n');
                    }
                }
                return sb.toString().stripTrailing();
            }
            case "code_block" :
                return "```\n" + plainBlock(el) + "\n```";
            case "horizontal_rule" :
                return "---";
            case "bullet_list" :
            case "ordered_list" : {
                boolean ordered = el.nodeName().equals("ordered_list");
                StringBuilder sb = new StringBuilder();
                int n = 1;
                for (Object item : el.children()) {
                    String marker = ordered ? (n++) + ". " : "- ";
                    String body = markdownListItem(item, indent + " ".repeat(marker.length()));
                    sb.append(indent).append(marker).append(body).append('\n');
                }
                return sb.toString().stripTrailing();
            }
            case "image" : {
                Object src = el.getAttribute("src");
                Object alt = el.getAttribute("alt");
                return "![" + (alt == null ? "" : AbstractType.jsString(alt)) + "]("
                        + (src == null ? "" : AbstractType.jsString(src))
                        + ")";
            }
            case "hard_break" :
                return "  \n";
            default :
                return inlineChildren(el);
        }
    }

    private static String markdownListItem(Object item, String indent) {
        if (!(item instanceof YXmlElement el)) {
            return markdownBlock(item, indent);
        }
        StringBuilder sb = new StringBuilder();
        for (Object c : el.children()) {
            String s = markdownBlock(c, indent);
            if (sb.length() > 0) {
                sb.append('\n');
                if (!(c instanceof YXmlElement ce && ce.nodeName().endsWith("_list"))) {
                    sb.append(indent);
                }
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static String inlineChildren(YXmlElement el) {
        StringBuilder sb = new StringBuilder();
        for (Object c : el.children()) {
            if (c instanceof YXmlText t) {
                sb.append(inline(t));
            } else if (c instanceof YXmlElement e) {
                sb.append(markdownBlock(e, ""));
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String inline(YXmlText text) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> op : text.toDelta()) {
            if (!(op.get("insert") instanceof String s)) {
                continue;
            }
            Map<String, Object> a = (Map<String, Object>) op.get("attributes");
            if (a == null || a.isEmpty()) {
                sb.append(s);
                continue;
            }
            String t = s;
            if (a.containsKey("code")) {
                t = "`" + t + "`";
            }
            if (a.containsKey("strike")) {
                t = "~~" + t + "~~";
            }
            if (a.containsKey("italic") || a.containsKey("em")) {
                t = "*" + t + "*";
            }
            if (a.containsKey("bold") || a.containsKey("strong")) {
                t = "**" + t + "**";
            }
            if (a.get("link") instanceof Map<?, ?> link && link.get("href") != null) {
                t = "[" + t + "](" + link.get("href") + ")";
            }
            sb.append(t);
        }
        return sb.toString();
    }

}
