package io.prdtool.ai.critique;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * A PRD as the checks see it, built in one pass over the commonmark tree.
 *
 * <ul>
 * <li><b>Words</b> of the prose, in document order, each with its UTF-16 range in the Markdown source. Only text nodes
 * are read, so code blocks, inline code, HTML, image alt text, link destinations and autolinks contribute nothing.
 * Positions come from commonmark's source spans and the words are cut from the source itself, so every range
 * indexes the input exactly.</li>
 * <li><b>Sections</b>: the top-level headings, with their level, parent, extent (up to the next heading of the same or
 * a higher level) and the dimensions their text names. A heading that names no dimension inherits its parent's, so
 * "### Editor" under "## Requirements" holds requirements. A single level-1 heading that comes first is the title and
 * names nothing.</li>
 * <li><b>Parts</b>: the top-level non-heading blocks, each in its innermost section.</li>
 * </ul>
 */
final class PrdDocument implements Words.Sink {

    private static final Parser PARSER = Parser.builder()
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    /** Single-word placeholders; a section holding only these is empty. */
    static final List<String> PLACEHOLDER_WORDS = List.of("tbd", "tbc", "tba", "tbr", "todo", "fixme");

    /** A heading, and the section it opens. */
    static final class Section {

        final int index;
        final int level;
        /** The heading's first line, right-trimmed: where a section finding is anchored. */
        final int start;
        final int lineEnd;
        int end;
        int parent = -1;
        int tokenFrom;
        int tokenTo;
        /** Bit set of the {@link Dimension}s the heading names ({@link Dimension#bit()}). */
        int ownDims;
        /** {@link #ownDims}, or the parent's when the heading names none. */
        int dims;
        boolean title;
        /** Whether the section or any of its sub-sections has substantive content. */
        boolean hasContent;

        Section(int index, int level, int start, int lineEnd) {
            this.index = index;
            this.level = level;
            this.start = start;
            this.lineEnd = lineEnd;
        }

        boolean has(Dimension d) {
            return (dims & d.bit()) != 0;
        }
    }

    /** A top-level block other than a heading, in its innermost section ({@code -1} before any heading). */
    record Part(Node node, int section, int start, int end, int tokenFrom, int tokenTo) {
    }

    final String text;
    final List<Section> sections = new ArrayList<>();
    final List<Part> parts = new ArrayList<>();

    // words, parallel arrays for speed: index i is the i-th word of the document
    int tokenCount;
    int[] tStart = new int[256];
    int[] tEnd = new int[256];
    String[] tLower = new String[256];
    int[] tBlock = new int[256];
    int[] tSentence = new int[256];
    /** Whether only whitespace or emphasis markup separates word i from word i-1 of the same block (phrase glue). */
    boolean[] tGlued = new boolean[256];
    /** Whether word i is a quantity: it starts with a digit ("300", "2x", "10k"), or is a percentile ("p95"). */
    boolean[] tMeasure = new boolean[256];

    // leaf blocks (paragraphs, headings) that hold words
    int blockCount;
    boolean[] blockIsHeading = new boolean[64];
    int[] blockSection = new int[64];

    int sentenceCount;
    boolean[] sentenceMeasured = new boolean[64];

    /** Sorted starts of task-list items ("- [ ] ..."). */
    int[] checklistItems = new int[16];
    int checklistCount;

    /** {start, end} of each "???" in the prose. */
    final List<int[]> questionRuns = new ArrayList<>();

    private int currentBlock = -1;
    private int currentSection = -1;

    private PrdDocument(String text) {
        this.text = text;
    }

    static PrdDocument parse(String markdown, Rubric rubric) {
        PrdDocument doc = new PrdDocument(markdown);
        doc.build(PARSER.parse(markdown), rubric);
        return doc;
    }

    // ---- queries used by the checks

    Section section(int index) {
        return index < 0 ? null : sections.get(index);
    }

    /** Whether word i lies in a section that holds {@code d}. */
    boolean tokenIn(int i, Dimension d) {
        int s = blockSection[tBlock[i]];
        return s >= 0 && sections.get(s).has(d);
    }

    boolean tokenInHeading(int i) {
        return blockIsHeading[tBlock[i]];
    }

    boolean firstInBlock(int i) {
        return i == 0 || tBlock[i - 1] != tBlock[i];
    }

    boolean firstInSentence(int i) {
        return i == 0 || tSentence[i - 1] != tSentence[i];
    }

    /** Index of the first word starting at or after {@code offset}. */
    int tokenAt(int offset) {
        int lo = 0;
        int hi = tokenCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tStart[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether words [i, i + words.length) are the phrase, glued together. */
    boolean matches(int i, String[] words) {
        if (i + words.length > tokenCount) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tLower[i + k].equals(words[k]) || (k > 0 && (!tGlued[i + k] || tBlock[i + k] != tBlock[i]))) {
                return false;
            }
        }
        return true;
    }

    boolean hasChecklistItemIn(int from, int to) {
        int k = Arrays.binarySearch(checklistItems, 0, checklistCount, from);
        int first = k >= 0 ? k : -k - 1;
        return first < checklistCount && checklistItems[first] < to;
    }

    /** The end of the line holding {@code offset}, right-trimmed, but not before {@code offset + 1}. */
    int lineEnd(int offset) {
        int end = offset;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        while (end > offset + 1 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Words outside headings: the size of the prose. */
    int proseWordCount() {
        int n = 0;
        for (int i = 0; i < tokenCount; i++) {
            if (!blockIsHeading[tBlock[i]]) {
                n++;
            }
        }
        return n;
    }

    static int start(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        return spans.isEmpty() ? -1 : spans.get(0).getInputIndex();
    }

    static int end(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        SourceSpan last = spans.get(spans.size() - 1);
        return last.getInputIndex() + last.getLength();
    }

    // ---- building

    private void build(Node root, Rubric rubric) {
        Deque<Section> open = new ArrayDeque<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNext()) {
            if (n.getSourceSpans().isEmpty()) {
                continue;
            }
            if (n instanceof Heading h) {
                int start = start(h);
                Section s = new Section(sections.size(), h.getLevel(), start, lineEnd(start));
                while (!open.isEmpty() && open.peek().level >= s.level) {
                    open.pop().end = start;
                }
                s.parent = open.isEmpty() ? -1 : open.peek().index;
                open.push(s);
                sections.add(s);
                currentSection = s.index;
                s.tokenFrom = tokenCount;
                leaf(h, true);
                s.tokenTo = tokenCount;
            } else {
                int from = tokenCount;
                walk(n);
                parts.add(new Part(n, currentSection, start(n), end(n), from, tokenCount));
                if (currentSection >= 0 && substantive(n, from, tokenCount)) {
                    for (int s = currentSection; s >= 0 && !sections.get(s).hasContent; s = sections.get(s).parent) {
                        sections.get(s).hasContent = true;
                    }
                }
            }
        }
        open.forEach(s -> s.end = text.length());
        classify(rubric);
    }

    private void classify(Rubric rubric) {
        long levelOnes = sections.stream().filter(s -> s.level == 1).count();
        if (levelOnes == 1 && !sections.isEmpty() && sections.get(0).level == 1) {
            sections.get(0).title = true;
        }
        for (Section s : sections) {
            s.ownDims = s.title ? 0 : rubric.dimensionsNamedBy(Arrays.asList(tLower).subList(s.tokenFrom, s.tokenTo));
            s.dims = s.ownDims != 0 || s.parent < 0 ? s.ownDims : sections.get(s.parent).dims;
        }
    }

    private void walk(Node n) {
        if (n instanceof Paragraph || n instanceof Heading) {
            leaf(n, false);
        } else if (n instanceof FencedCodeBlock || n instanceof IndentedCodeBlock || n instanceof HtmlBlock
                || n instanceof ThematicBreak || n instanceof LinkReferenceDefinition) {
            return;
        } else {
            if (n instanceof ListItem item && isChecklistItem(item)) {
                addChecklistItem(start(item));
            }
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                walk(c);
            }
        }
    }

    private void leaf(Node n, boolean heading) {
        currentBlock = blockCount++;
        if (currentBlock == blockIsHeading.length) {
            blockIsHeading = Arrays.copyOf(blockIsHeading, currentBlock * 2);
            blockSection = Arrays.copyOf(blockSection, currentBlock * 2);
        }
        blockIsHeading[currentBlock] = heading;
        blockSection[currentBlock] = currentSection;
        inline(n);
    }

    private void inline(Node n) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Text) {
                for (SourceSpan span : c.getSourceSpans()) {
                    int from = span.getInputIndex();
                    int to = from + span.getLength();
                    Words.scan(text, from, to, this);
                    questionMarks(from, to);
                }
            } else if (c instanceof Code || c instanceof HtmlInline || c instanceof Image) {
                continue;
            } else if (c instanceof Link && !c.getSourceSpans().isEmpty() && text.charAt(start(c)) == '<') {
                continue; // autolink: the text is the address
            } else {
                inline(c);
            }
        }
    }

    @Override
    public void word(int start, int end) {
        int i = tokenCount++;
        if (i == tStart.length) {
            grow();
        }
        boolean newBlock = i == 0 || tBlock[i - 1] != currentBlock;
        boolean glued = false;
        boolean newSentence = newBlock;
        if (!newBlock) {
            glued = true;
            for (int k = tEnd[i - 1]; k < start; k++) {
                char c = text.charAt(k);
                if (!Character.isWhitespace(c) && c != '*' && c != '_' && c != '~' && c != '>') {
                    glued = false;
                }
                if (c == '|' || ((c == '.' || c == '!' || c == '?' || c == ';') && k + 1 < start)) {
                    newSentence = true;
                }
            }
        }
        if (newSentence) {
            if (sentenceCount == sentenceMeasured.length) {
                sentenceMeasured = Arrays.copyOf(sentenceMeasured, sentenceCount * 2);
            }
            sentenceMeasured[sentenceCount++] = false;
        }
        tStart[i] = start;
        tEnd[i] = end;
        tLower[i] = text.substring(start, end).toLowerCase(Locale.ROOT);
        tBlock[i] = currentBlock;
        tSentence[i] = sentenceCount - 1;
        tGlued[i] = glued;
        tMeasure[i] = isMeasure(start, end);
        if (tMeasure[i]) {
            sentenceMeasured[sentenceCount - 1] = true;
        }
    }

    private boolean isMeasure(int start, int end) {
        char first = text.charAt(start);
        if (first >= '0' && first <= '9') {
            return true;
        }
        if ((first == 'p' || first == 'P') && end - start >= 2) {
            for (int k = start + 1; k < end; k++) {
                if (text.charAt(k) < '0' || text.charAt(k) > '9') {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private void grow() {
        int n = tStart.length * 2;
        tStart = Arrays.copyOf(tStart, n);
        tEnd = Arrays.copyOf(tEnd, n);
        tLower = Arrays.copyOf(tLower, n);
        tBlock = Arrays.copyOf(tBlock, n);
        tSentence = Arrays.copyOf(tSentence, n);
        tGlued = Arrays.copyOf(tGlued, n);
        tMeasure = Arrays.copyOf(tMeasure, n);
    }

    /** Runs of three or more '?' ("???"), a placeholder. */
    private void questionMarks(int from, int to) {
        int k = from;
        while (k < to) {
            if (text.charAt(k) != '?') {
                k++;
                continue;
            }
            int end = k;
            while (end < to && text.charAt(end) == '?') {
                end++;
            }
            if (end - k >= 3) {
                questionRuns.add(new int[]{k, end});
            }
            k = end;
        }
    }

    private boolean isChecklistItem(ListItem item) {
        Node first = item.getFirstChild();
        if (first == null || first.getSourceSpans().isEmpty()) {
            return false;
        }
        int at = start(first);
        return text.startsWith("[ ]", at) || text.startsWith("[x]", at) || text.startsWith("[X]", at);
    }

    private void addChecklistItem(int start) {
        if (checklistCount == checklistItems.length) {
            checklistItems = Arrays.copyOf(checklistItems, checklistCount * 2);
        }
        checklistItems[checklistCount++] = start;
    }

    /** Prose beyond placeholders, or code: a section holding only "TBD" is still empty. */
    private boolean substantive(Node n, int tokenFrom, int tokenTo) {
        if (n instanceof FencedCodeBlock || n instanceof IndentedCodeBlock) {
            return true;
        }
        if (n instanceof HtmlBlock) {
            return !text.startsWith("<!--", start(n));
        }
        for (int i = tokenFrom; i < tokenTo; i++) {
            if (!PLACEHOLDER_WORDS.contains(tLower[i])) {
                return true;
            }
        }
        return false;
    }
}
