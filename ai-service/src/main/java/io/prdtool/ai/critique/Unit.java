package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;

/**
 * One item of a section: a goal, a requirement, a risk. It is a top-level list item (with everything nested in it), a
 * table row, a paragraph, or a heading that starts with an ID ("### FR-3 Export") together with its sub-section.
 *
 * @param start where the item's text starts; with {@code anchorEnd}, its first line, where findings are anchored
 * @param end the end of the item's extent
 * @param tokenFrom first word of the item; {@code tokenTo} one past the last
 * @param section the innermost section holding the item
 * @param ordered the item is in an ordered list, so it is numbered
 * @param idStart start of the ID it opens with ("FR-3", "REQ-12", "2.1"), {@code -1} when none; {@code idEnd} its end
 * @param header the lowercase header cells of the table, for a table row; else empty
 * @param cells the cells of a table row; else empty
 */
record Unit(int start, int anchorEnd, int end, int tokenFrom, int tokenTo, int section, boolean ordered, int idStart,
        int idEnd, List<String> header, List<String> cells) {

    boolean hasId() {
        return idStart >= 0;
    }

    /** The ID as written, e.g. "FR-3". */
    String id(PrdDocument doc) {
        return doc.text.substring(idStart, idEnd);
    }

    /** The ID without separators, for comparing "FR-3", "FR3" and "fr_3". */
    String idKey(PrdDocument doc) {
        return normaliseId(id(doc));
    }

    static String normaliseId(String id) {
        return id.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
    }

    /**
     * The items of the sections holding {@code d}.
     *
     * @param allParagraphs a paragraph is an item too (unless it ends in ':', an introduction), in a section
     *        without list or table items, where it would be commentary; otherwise only a paragraph that opens with an ID
     * @param idHeadings a sub-heading that opens with an ID is an item, holding its whole sub-section
     */
    static List<Unit> collect(PrdDocument doc, Dimension d, boolean allParagraphs, boolean idHeadings) {
        List<Unit> out = new ArrayList<>();
        boolean[] insideIdHeading = new boolean[doc.sections.size()];
        for (PrdDocument.Section s : doc.sections) {
            if (!s.has(d) || s.title) {
                continue;
            }
            boolean isItem = false;
            if (idHeadings) {
                int[] id = idAt(doc.text, s.start, s.lineEnd);
                // "### 3.1 Editor" is a numbered sub-section holding items; "### FR-3 Export" is an item
                if (id != null && Character.isLetter(doc.text.charAt(id[0]))) {
                    isItem = true;
                    out.add(new Unit(s.start, s.lineEnd, s.end, s.tokenFrom, doc.tokenAt(s.end), s.index, false, id[0],
                            id[1], List.of(), List.of()));
                }
            }
            boolean parentItem = s.parent >= 0 && doc.sections.get(s.parent).has(d) && insideIdHeading[s.parent];
            insideIdHeading[s.index] = isItem || parentItem;
        }
        List<Unit> paragraphs = new ArrayList<>();
        boolean[] listed = new boolean[doc.sections.size()];
        PrdDocument.Part previous = null;
        for (PrdDocument.Part p : doc.parts) {
            PrdDocument.Section s = doc.section(p.section());
            if (s != null && s.has(d) && !s.title && !insideIdHeading[s.index]) {
                Node n = p.node();
                if (n instanceof ListBlock list && !introducesCriteria(doc, previous)) {
                    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                        listItem(doc, (ListItem) item, list instanceof OrderedList, s.index, out);
                    }
                    listed[s.index] = true;
                } else if (n instanceof Paragraph) {
                    if (table(doc, n, s.index, out)) {
                        listed[s.index] = true;
                    } else {
                        paragraph(doc, p, s.index, allParagraphs, paragraphs);
                    }
                }
            }
            previous = p;
        }
        for (Unit u : paragraphs) {
            if (u.hasId() || !listed[u.section()]) {
                out.add(u);
            }
        }
        out.sort(Comparator.comparingInt(Unit::start));
        return out;
    }

    /** "Acceptance criteria:" before a list makes the list criteria, not items. */
    private static boolean introducesCriteria(PrdDocument doc, PrdDocument.Part previous) {
        if (previous == null || !(previous.node() instanceof Paragraph)) {
            return false;
        }
        for (int i = previous.tokenFrom(); i < previous.tokenTo(); i++) {
            if (doc.tLower[i].equals("acceptance") || doc.tLower[i].equals("given")) {
                return true;
            }
        }
        return false;
    }

    private static void listItem(PrdDocument doc, ListItem item, boolean ordered, int section, List<Unit> out) {
        Node first = item.getFirstChild();
        if (first == null || first.getSourceSpans().isEmpty()) {
            return;
        }
        int start = PrdDocument.start(first);
        String text = doc.text;
        if (text.startsWith("[ ]", start) || text.startsWith("[x]", start) || text.startsWith("[X]", start)) {
            return; // a checklist item is a criterion
        }
        int tokenFrom = doc.tokenAt(start);
        if (tokenFrom < doc.tokenCount && doc.tStart[tokenFrom] < doc.lineEnd(start)) {
            String firstWord = doc.tLower[tokenFrom];
            if (firstWord.equals("given") || firstWord.equals("when") || firstWord.equals("then")) {
                return;
            }
        }
        int end = PrdDocument.end(item);
        int anchorEnd = doc.lineEnd(start);
        int[] id = idAt(text, start, anchorEnd);
        out.add(new Unit(start, anchorEnd, end, tokenFrom, doc.tokenAt(end), section, ordered, id == null ? -1 : id[0],
                id == null ? -1 : id[1], List.of(), List.of()));
    }

    private static void paragraph(PrdDocument doc, PrdDocument.Part p, int section, boolean allParagraphs,
            List<Unit> out) {
        int anchorEnd = doc.lineEnd(p.start());
        int[] id = idAt(doc.text, p.start(), anchorEnd);
        if (id == null && (!allParagraphs || endsWithColon(doc.text, p.start(), p.end()))) {
            return;
        }
        out.add(new Unit(p.start(), anchorEnd, p.end(), p.tokenFrom(), p.tokenTo(), section, false,
                id == null ? -1 : id[0], id == null ? -1 : id[1], List.of(), List.of()));
    }

    private static boolean endsWithColon(String text, int start, int end) {
        int k = end - 1;
        while (k > start && (Character.isWhitespace(text.charAt(k)) || text.charAt(k) == '*')) {
            k--;
        }
        return text.charAt(k) == ':';
    }

    /** A paragraph whose second line is a delimiter row ("|---|---|") is a table: one item per data row. */
    private static boolean table(PrdDocument doc, Node paragraph, int section, List<Unit> out) {
        List<SourceSpan> lines = paragraph.getSourceSpans();
        if (lines.size() < 2 || !line(doc, lines.get(0)).contains("|") || !isDelimiterRow(line(doc, lines.get(1)))) {
            return false;
        }
        List<String> header = cells(line(doc, lines.get(0))).stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (int r = 2; r < lines.size(); r++) {
            SourceSpan row = lines.get(r);
            int start = row.getInputIndex();
            int end = start + row.getLength();
            while (start < end && Character.isWhitespace(doc.text.charAt(start))) {
                start++;
            }
            if (start == end) {
                continue;
            }
            int anchorEnd = doc.lineEnd(start);
            int[] id = idAt(doc.text, start, anchorEnd);
            out.add(new Unit(start, anchorEnd, end, doc.tokenAt(start), doc.tokenAt(end), section, false,
                    id == null ? -1 : id[0], id == null ? -1 : id[1], header, cells(line(doc, row))));
        }
        return true;
    }

    private static String line(PrdDocument doc, SourceSpan span) {
        return doc.text.substring(span.getInputIndex(), span.getInputIndex() + span.getLength());
    }

    private static boolean isDelimiterRow(String line) {
        boolean dash = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '-') {
                dash = true;
            } else if (c != '|' && c != ':' && c != ' ' && c != '\t') {
                return false;
            }
        }
        return dash;
    }

    private static List<String> cells(String line) {
        String[] raw = line.strip().split("\\|", -1);
        int from = raw.length > 0 && raw[0].isBlank() ? 1 : 0;
        int to = raw.length > from && raw[raw.length - 1].isBlank() ? raw.length - 1 : raw.length;
        List<String> out = new ArrayList<>();
        for (int k = from; k < to; k++) {
            out.add(raw[k].strip());
        }
        return out;
    }

    /**
     * The ID an item opens with, after any markup ({@code **}, {@code [}, {@code |}, {@code #}): up to six capital
     * letters, an optional '-' or '_', digits and optional ".digits" ("FR-3", "REQ12", "NFR-2.1"), or dotted digits
     * ("2.1"). Returns {start, end} or null.
     */
    static int[] idAt(String text, int from, int limit) {
        int i = from;
        while (i < limit && " \t*_`[(|#>".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        int start = i;
        int letters = 0;
        while (i < limit && text.charAt(i) >= 'A' && text.charAt(i) <= 'Z') {
            i++;
            letters++;
        }
        if (letters > 6) {
            return null;
        }
        if (letters > 0 && i < limit && (text.charAt(i) == '-' || text.charAt(i) == '_')) {
            i++;
        }
        int digits = 0;
        while (i < limit && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        boolean dotted = false;
        while (i + 1 < limit && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
            i++;
            while (i < limit && Character.isDigit(text.charAt(i))) {
                i++;
            }
            dotted = true;
        }
        if ((letters == 0 && !dotted) || (i < limit && Character.isLetterOrDigit(text.charAt(i)))) {
            return null;
        }
        return new int[]{start, i};
    }
}
