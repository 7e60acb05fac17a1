package io.prdtool.integration.adf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.markdown.Markdown;

/**
 * Markdown to Atlassian Document Format (ADF), the rich text Jira Cloud's description and text-area fields take. The
 * output always satisfies {@code @atlaskit/adf-schema}'s JSON schema (the tests check it), which means bending the
 * Markdown where ADF is narrower:
 * <ul>
 * <li>Nesting: a list item holds only paragraphs, lists and code blocks, a blockquote only paragraphs, lists and code
 * blocks, a table cell no table. A heading where it may not stand becomes a bold paragraph, a nested blockquote is
 * flattened into its container, a nested table becomes one paragraph per row ({@code a | b | c}), a nested rule is
 * dropped.</li>
 * <li>Text: text nodes are never empty and adjacent text with the same marks is merged; a soft line break is a space, a
 * hard one a {@code hardBreak}.</li>
 * <li>Marks: {@code code} combines only with {@code link}, so inline code inside bold or italics keeps just those two;
 * a mark type appears once per node; links go only to http, https and mailto URLs, anything else stays plain
 * text.</li>
 * <li>Raw HTML is literal text, never interpreted. Images (ADF media needs uploads) become their alt text linked to the
 * image URL.</li>
 * </ul>
 * Output is deterministic: the same Markdown always gives the same JSON, so a re-push of an unchanged PRD can be
 * detected by comparing documents.
 */
public final class AdfWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The order marks are written in, so that equal formatting compares equal. */
    private static final List<String> MARK_ORDER = List.of("link", "em", "strong", "strike", "code");

    /** Where a block stands: decides which ADF blocks are allowed there. */
    private enum Place {

        DOC(Kind.values()), TABLE_CELL(Kind.PARAGRAPH, Kind.HEADING, Kind.LIST, Kind.CODE, Kind.BLOCKQUOTE,
                Kind.RULE), LIST_ITEM(Kind.PARAGRAPH, Kind.LIST,
                        Kind.CODE), BLOCKQUOTE(Kind.PARAGRAPH, Kind.LIST, Kind.CODE);

        private final Set<Kind> allowed;

        Place(Kind... allowed) {
            this.allowed = EnumSet.noneOf(Kind.class);
            this.allowed.addAll(List.of(allowed));
        }

        boolean allows(Kind kind) {
            return allowed.contains(kind);
        }
    }

    private enum Kind {
        PARAGRAPH, HEADING, LIST, CODE, BLOCKQUOTE, RULE, TABLE
    }

    private AdfWriter() {
    }

    /** {@code markdown} (null is empty) as an ADF document {@code {"type":"doc","version":1,"content":[…]}}. */
    public static ObjectNode toAdf(String markdown) {
        Node document = Markdown.parse(markdown);
        ObjectNode doc = JSON.objectNode();
        doc.put("type", "doc");
        doc.put("version", 1);
        ArrayNode content = doc.putArray("content");
        blocks(document, Place.DOC, content);
        return doc;
    }

    /** A one-paragraph document holding {@code text} literally (no Markdown), e.g. for a generated comment. */
    public static ObjectNode plainText(String text) {
        ObjectNode doc = JSON.objectNode();
        doc.put("type", "doc");
        doc.put("version", 1);
        ArrayNode content = doc.putArray("content");
        ArrayNode inline = JSON.arrayNode();
        literalLines(Markdown.clean(text), inline);
        if (!inline.isEmpty()) {
            paragraph(content).set("content", inline);
        }
        return doc;
    }

    // ---- blocks

    private static void blocks(Node parent, Place place, ArrayNode out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            block(child, place, out);
        }
    }

    private static void block(Node node, Place place, ArrayNode out) {
        if (node instanceof Paragraph) {
            ArrayNode inline = inlines(node, Marks.NONE);
            ObjectNode p = paragraph(out);
            if (!inline.isEmpty()) {
                p.set("content", inline);
            }
        } else if (node instanceof Heading heading) {
            ArrayNode inline = inlines(node, Marks.NONE);
            if (place.allows(Kind.HEADING)) {
                ObjectNode h = out.addObject();
                h.put("type", "heading");
                h.putObject("attrs").put("level", Math.max(1, Math.min(6, heading.getLevel())));
                if (!inline.isEmpty()) {
                    h.set("content", inline);
                }
            } else if (!inline.isEmpty()) {
                paragraph(out).set("content", inlines(node, Marks.NONE.with(mark("strong"))));
            }
        } else if (node instanceof BulletList || node instanceof OrderedList) {
            list(node, out);
        } else if (node instanceof FencedCodeBlock fenced) {
            codeBlock(language(fenced.getInfo()), fenced.getLiteral(), out);
        } else if (node instanceof IndentedCodeBlock indented) {
            codeBlock(null, indented.getLiteral(), out);
        } else if (node instanceof BlockQuote) {
            if (place.allows(Kind.BLOCKQUOTE)) {
                ArrayNode inner = JSON.arrayNode();
                blocks(node, Place.BLOCKQUOTE, inner);
                if (inner.isEmpty()) {
                    paragraph(inner);
                }
                ObjectNode quote = out.addObject();
                quote.put("type", "blockquote");
                quote.set("content", inner);
            } else {
                blocks(node, place, out);
            }
        } else if (node instanceof ThematicBreak) {
            if (place.allows(Kind.RULE)) {
                out.addObject().put("type", "rule");
            }
        } else if (node instanceof TableBlock) {
            if (place.allows(Kind.TABLE)) {
                table(node, out);
            } else {
                tableAsParagraphs(node, out);
            }
        } else if (node instanceof HtmlBlock html) {
            ArrayNode inline = JSON.arrayNode();
            literalLines(stripTrailingNewlines(html.getLiteral()), inline);
            if (!inline.isEmpty()) {
                paragraph(out).set("content", inline);
            }
        }
        // link reference definitions and unknown custom blocks carry no visible content
    }

    private static void list(Node list, ArrayNode out) {
        ArrayNode items = JSON.arrayNode();
        for (Node child = list.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof ListItem) {
                ArrayNode inner = JSON.arrayNode();
                blocks(child, Place.LIST_ITEM, inner);
                String first = inner.isEmpty() ? null : inner.get(0).path("type").asText();
                if (!"paragraph".equals(first) && !"codeBlock".equals(first)) {
                    // an item must open with a paragraph (an empty "- " item, or one that starts with a sub-list)
                    inner.insertObject(0).put("type", "paragraph");
                }
                ObjectNode item = items.addObject();
                item.put("type", "listItem");
                item.set("content", inner);
            }
        }
        if (items.isEmpty()) {
            return;
        }
        ObjectNode node = out.addObject();
        if (list instanceof OrderedList ordered) {
            node.put("type", "orderedList");
            Integer start = ordered.getMarkerStartNumber();
            if (start != null && start != 1 && start >= 0) {
                node.putObject("attrs").put("order", start);
            }
        } else {
            node.put("type", "bulletList");
        }
        node.set("content", items);
    }

    private static void codeBlock(String language, String literal, ArrayNode out) {
        ObjectNode code = out.addObject();
        code.put("type", "codeBlock");
        if (language != null) {
            code.putObject("attrs").put("language", language);
        }
        String text = stripTrailingNewlines(literal);
        if (!text.isEmpty()) {
            code.putArray("content").addObject().put("type", "text").put("text", text);
        }
    }

    private static void table(Node tableBlock, ArrayNode out) {
        ArrayNode rows = JSON.arrayNode();
        for (TableRow row : rows(tableBlock)) {
            ArrayNode cells = JSON.arrayNode();
            for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableCell cell) {
                    ObjectNode adfCell = cells.addObject();
                    adfCell.put("type", cell.isHeader() ? "tableHeader" : "tableCell");
                    ArrayNode inline = inlines(cell, Marks.NONE);
                    ObjectNode p = paragraph(adfCell.putArray("content"));
                    if (!inline.isEmpty()) {
                        p.set("content", inline);
                    }
                }
            }
            if (!cells.isEmpty()) {
                ObjectNode r = rows.addObject();
                r.put("type", "tableRow");
                r.set("content", cells);
            }
        }
        if (!rows.isEmpty()) {
            ObjectNode table = out.addObject();
            table.put("type", "table");
            table.set("content", rows);
        }
    }

    /** A table where ADF allows none (in a list item or a quote): one paragraph per row, cells joined by " | ". */
    private static void tableAsParagraphs(Node tableBlock, ArrayNode out) {
        for (TableRow row : rows(tableBlock)) {
            ArrayNode inline = JSON.arrayNode();
            for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableCell cell) {
                    if (!inline.isEmpty()) {
                        inline.addObject().put("type", "text").put("text", " | ");
                    }
                    inline.addAll(inlines(cell, cell.isHeader() ? Marks.NONE.with(mark("strong")) : Marks.NONE));
                }
            }
            if (!inline.isEmpty()) {
                paragraph(out).set("content", merge(inline));
            }
        }
    }

    private static List<TableRow> rows(Node tableBlock) {
        List<TableRow> rows = new ArrayList<>();
        for (Node section = tableBlock.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (row instanceof TableRow r) {
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    private static ObjectNode paragraph(ArrayNode out) {
        ObjectNode p = out.addObject();
        p.put("type", "paragraph");
        return p;
    }

    // ---- inlines

    private static ArrayNode inlines(Node parent, Marks marks) {
        ArrayNode out = JSON.arrayNode();
        inlineChildren(parent, marks, out);
        return merge(out);
    }

    private static void inlineChildren(Node parent, Marks marks, ArrayNode out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child, marks, out);
        }
    }

    private static void inline(Node node, Marks marks, ArrayNode out) {
        if (node instanceof Text text) {
            text(text.getLiteral(), marks, out);
        } else if (node instanceof Code code) {
            text(code.getLiteral(), marks.codeOnly(), out);
        } else if (node instanceof Emphasis) {
            inlineChildren(node, marks.with(mark("em")), out);
        } else if (node instanceof StrongEmphasis) {
            inlineChildren(node, marks.with(mark("strong")), out);
        } else if (node instanceof Strikethrough) {
            inlineChildren(node, marks.with(mark("strike")), out);
        } else if (node instanceof Link link) {
            inlineChildren(node, linked(marks, link.getDestination(), link.getTitle()), out);
        } else if (node instanceof Image image) {
            ArrayNode alt = JSON.arrayNode();
            Marks imageMarks = linked(marks, image.getDestination(), image.getTitle());
            inlineChildren(node, imageMarks, alt);
            if (alt.isEmpty()) {
                text(image.getDestination(), imageMarks, alt);
            }
            out.addAll(alt);
        } else if (node instanceof SoftLineBreak) {
            text(" ", marks, out);
        } else if (node instanceof HardLineBreak) {
            out.addObject().put("type", "hardBreak");
        } else if (node instanceof HtmlInline html) {
            text(html.getLiteral(), marks, out);
        } else {
            inlineChildren(node, marks, out);
        }
    }

    private static Marks linked(Marks marks, String href, String title) {
        if (!Markdown.isSafeHref(href)) {
            return marks;
        }
        ObjectNode link = mark("link");
        ObjectNode attrs = link.putObject("attrs");
        attrs.put("href", href.trim());
        if (title != null && !title.isBlank()) {
            attrs.put("title", title);
        }
        return marks.with(link);
    }

    private static void text(String text, Marks marks, ArrayNode out) {
        if (text == null || text.isEmpty()) {
            return;
        }
        ObjectNode node = out.addObject();
        node.put("type", "text");
        node.put("text", text);
        if (!marks.isEmpty()) {
            node.set("marks", marks.toJson());
        }
    }

    /** Literal text (raw HTML), its lines separated by hard breaks. */
    private static void literalLines(String text, ArrayNode out) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.addObject().put("type", "hardBreak");
            }
            text(lines[i], Marks.NONE, out);
        }
        while (!out.isEmpty() && "hardBreak".equals(out.get(out.size() - 1).path("type").asText())) {
            out.remove(out.size() - 1);
        }
    }

    /** Joins adjacent text nodes with equal marks. */
    private static ArrayNode merge(ArrayNode inline) {
        ArrayNode out = JSON.arrayNode();
        for (JsonNode node : inline) {
            JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && "text".equals(node.path("type").asText()) && "text".equals(last.path("type").asText())
                    && last.path("marks").equals(node.path("marks"))) {
                ((ObjectNode) last).put("text", last.get("text").asText() + node.get("text").asText());
            } else {
                out.add(node.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode mark(String type) {
        ObjectNode mark = JSON.objectNode();
        mark.put("type", type);
        return mark;
    }

    private static String language(String info) {
        if (info == null || info.isBlank()) {
            return null;
        }
        String word = info.trim().split("\\s+", 2)[0];
        return word.isEmpty() ? null : word;
    }

    /** {@code s} without its trailing line breaks (a code block's literal ends with one); "" for null. */
    public static String stripTrailingNewlines(String s) {
        if (s == null) {
            return "";
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The marks in force at a point of the inline tree: at most one of each type, written in a fixed order. */
    private record Marks(List<ObjectNode> marks) {

        static final Marks NONE = new Marks(List.of());

        Marks with(ObjectNode mark) {
            String type = mark.get("type").asText();
            boolean code = marks.stream().anyMatch(m -> "code".equals(m.get("type").asText()));
            if (code && !"link".equals(type)) {
                return this;
            }
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode m : marks) {
                if (!m.get("type").asText().equals(type)) {
                    next.add(m);
                }
            }
            if (!"link".equals(type) && marks.stream().anyMatch(m -> m.get("type").asText().equals(type))) {
                return this; // the outer one of a repeated mark wins (a link cannot nest in Markdown anyway)
            }
            next.add(mark);
            next.sort((a, b) -> Integer.compare(MARK_ORDER.indexOf(a.get("type").asText()),
                    MARK_ORDER.indexOf(b.get("type").asText())));
            return new Marks(List.copyOf(next));
        }

        /** The marks inline code may carry: code itself and the link around it. */
        Marks codeOnly() {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode m : marks) {
                if ("link".equals(m.get("type").asText())) {
                    next.add(m);
                }
            }
            next.add(mark("code"));
            return new Marks(List.copyOf(next));
        }

        boolean isEmpty() {
            return marks.isEmpty();
        }

        ArrayNode toJson() {
            ArrayNode array = JSON.arrayNode();
            for (ObjectNode m : marks) {
                array.add(m.deepCopy());
            }
            return array;
        }
    }
}
