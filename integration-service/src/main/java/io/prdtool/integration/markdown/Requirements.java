package io.prdtool.integration.markdown;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;

/**
 * The requirements of a PRD, the items that become Jira child issues: every top-level list item in a section whose
 * heading (any level) names requirements or user stories, e.g. "Requirements", "Functional requirements",
 * "Non-functional requirements", "3. User stories". A section runs until the next heading of the same or a higher
 * level; a deeper heading inside it that is not itself a requirements heading does not end it.
 * <p>
 * <b>Ids.</b> An item's id must survive edits, because the Jira mapping is keyed by it:
 * <ol>
 * <li>An explicit id at the start of the item wins: {@code FR-3: …}, {@code **FR-3** …}, {@code [US-2] …},
 * {@code NFR-1.2 …} (letters, a dash, a number).</li>
 * <li>Otherwise the id is the item's position in its section, {@code <section-slug>-<n>}.</li>
 * </ol>
 * A hash of the text was rejected: fixing a typo would change the id, so the old issue would be orphaned and a
 * duplicate created. The position survives any edit of the text, but inserting, removing or reordering items shifts
 * the ids after that point, so existing issues get the text of their new occupant (updated, not duplicated). Explicit
 * ids avoid both; the push can suggest them. An id that repeats in a document gets {@code #2}, {@code #3}… in
 * document order, and a repeated section slug gets {@code -2}, so that every id is unique.
 * <p>
 * The result depends only on the Markdown (deterministic).
 */
public final class Requirements {

    /** Jira's limit for a summary. */
    public static final int MAX_SUMMARY = 255;

    private static final Pattern SECTION = Pattern.compile(
            "(?:[\\p{L}\\p{N} -]+ )?(?:requirements?|user stories|user story|stories)");
    private static final Pattern NUMBERING = Pattern.compile("^(?:\\d+(?:\\.\\d+)*\\.?|[a-z]\\.|[ivx]+\\.)\\s+");
    private static final Pattern EXPLICIT_ID = Pattern.compile(
            "^\\[?([A-Z][A-Z0-9]{0,15}-\\d{1,9}(?:\\.\\d{1,9})*)\\]?(?=$|[\\s:.,;)\\]—–-])");
    private static final Pattern TASK_MARKER = Pattern.compile("^\\[[ xX]\\]\\s+");

    /** One requirement: its id, a one-line summary (≤ 255 characters), its full Markdown and its section's title. */
    public record Requirement(String id, String summary, String description, String section, boolean explicitId) {
    }

    private Requirements() {
    }

    /** The requirements of {@code markdown} (null is empty), in document order. */
    public static List<Requirement> extract(String markdown) {
        String source = Markdown.clean(markdown);
        String[] lines = source.split("\r\n|\r|\n", -1);
        Node document = Markdown.parse(source);

        List<Requirement> out = new ArrayList<>();
        Map<String, Integer> slugs = new HashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        String section = null;
        String slug = null;
        int level = 0;
        int ordinal = 0;
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof Heading heading) {
                String title = collapse(plainText(heading, false));
                if (isRequirementsHeading(title)) {
                    section = title;
                    level = heading.getLevel();
                    slug = unique(slug(title), slugs, "-");
                    ordinal = 0;
                } else if (section != null && heading.getLevel() <= level) {
                    section = null;
                }
            } else if (section != null && block instanceof ListBlock) {
                for (Node item = block.getFirstChild(); item != null; item = item.getNext()) {
                    if (!(item instanceof ListItem li)) {
                        continue;
                    }
                    ordinal++;
                    String description = itemMarkdown(li, lines);
                    String first = firstLine(li, description);
                    if (first.isEmpty()) {
                        continue; // an empty "- " is no requirement (its number stays taken, so later ids hold)
                    }
                    Matcher explicit = EXPLICIT_ID.matcher(first);
                    boolean hasId = explicit.find();
                    String id = unique(hasId ? explicit.group(1) : slug + "-" + ordinal, ids, "#");
                    out.add(new Requirement(id, summary(first), description, section, hasId));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether a heading's text names a requirements section (case-insensitive, leading numbering ignored). */
    public static boolean isRequirementsHeading(String title) {
        String t = collapse(title).toLowerCase(Locale.ROOT);
        t = NUMBERING.matcher(t).replaceFirst("");
        if (t.endsWith(":")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        return SECTION.matcher(t).matches();
    }

    /** {@code title} as a lower-case slug of letters, digits and dashes (at most 40 characters). */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "requirements" : s;
    }

    private static String unique(String value, Map<String, Integer> seen, String separator) {
        int n = seen.merge(value, 1, Integer::sum);
        return n == 1 ? value : value + separator + n;
    }

    /** The item's source, its list marker and the indentation of its continuation lines removed. */
    private static String itemMarkdown(ListItem item, String[] lines) {
        List<SourceSpan> spans = item.getSourceSpans();
        if (spans.isEmpty()) {
            return "";
        }
        int firstLine = spans.get(0).getLineIndex();
        int lastLine = spans.get(spans.size() - 1).getLineIndex();
        int markerColumn = spans.get(0).getColumnIndex();
        int contentColumn = markerColumn + (item.getContentIndent() == null ? 2 : item.getContentIndent());
        Node first = item.getFirstChild();
        if (first != null && !first.getSourceSpans().isEmpty()
                && first.getSourceSpans().get(0).getLineIndex() == firstLine) {
            contentColumn = first.getSourceSpans().get(0).getColumnIndex();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = firstLine; i <= lastLine && i < lines.length; i++) {
            String line = lines[i];
            if (i == firstLine) {
                line = line.length() > contentColumn ? line.substring(contentColumn) : "";
            } else {
                int strip = 0;
                while (strip < contentColumn && strip < line.length() && line.charAt(strip) == ' ') {
                    strip++;
                }
                line = line.substring(strip);
            }
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString().strip();
    }

    /** The item's first line as plain text, task marker removed. */
    private static String firstLine(ListItem item, String description) {
        Node first = item.getFirstChild();
        String line;
        if (first instanceof Paragraph) {
            line = plainText(first, true);
        } else {
            line = description.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        }
        return TASK_MARKER.matcher(collapse(line)).replaceFirst("");
    }

    private static String summary(String firstLine) {
        if (firstLine.length() <= MAX_SUMMARY) {
            return firstLine;
        }
        int end = MAX_SUMMARY - 1;
        if (Character.isLowSurrogate(firstLine.charAt(end)) && Character.isHighSurrogate(firstLine.charAt(end - 1))) {
            end--;
        }
        return firstLine.substring(0, end) + "…";
    }

    /** The text of an inline tree; with {@code firstLineOnly}, up to the first line break. */
    private static String plainText(Node parent, boolean firstLineOnly) {
        StringBuilder sb = new StringBuilder();
        appendText(parent, sb, firstLineOnly);
        return sb.toString();
    }

    /** Returns false once a line break ends the first line. */
    private static boolean appendText(Node parent, StringBuilder sb, boolean firstLineOnly) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text text) {
                sb.append(text.getLiteral());
            } else if (n instanceof Code code) {
                sb.append(code.getLiteral());
            } else if (n instanceof HtmlInline html) {
                sb.append(html.getLiteral());
            } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                if (firstLineOnly) {
                    return false;
                }
                sb.append(' ');
            } else if (!appendText(n, sb, firstLineOnly)) {
                return false;
            }
        }
        return true;
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
