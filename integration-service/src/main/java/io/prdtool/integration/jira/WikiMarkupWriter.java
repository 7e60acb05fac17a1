package io.prdtool.integration.jira;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import io.prdtool.integration.adf.AdfWriter;
import io.prdtool.integration.markdown.Markdown;

/**
 * Markdown to Jira wiki markup, the text format of descriptions and comments in Jira Data Center's REST API v2 (which
 * has no ADF). Same parser as the ADF writer ({@link Markdown#parse}); mapping: headings {@code h1.}–{@code h6.},
 * {@code *bold*}, {@code _italic_}, {@code -strike-}, {@code {{code}}}, fenced and indented code as
 * {@code {code:lang}} (or {@code {noformat}}), lists {@code *} / {@code #} (nested {@code **}, {@code #*}…), links
 * {@code [text|url]} (http, https and mailto only), tables {@code ||header||} / {@code |cell|}, quotes {@code bq.}
 * (one paragraph) or {@code {quote}}, rules {@code ----}. Images become a link to the image (never an embedded
 * {@code !image!}, which Jira would fetch).
 * <p>
 * User text can never become markup: every character wiki markup gives a meaning ({@code * _ ? - + ^ ~ { } [ ] | ! #})
 * is escaped with a backslash, a backslash itself becomes {@code &#92;} (two backslashes are a line break), and a block
 * that would start like {@code h1.} or {@code bq.} has its first letter written as a character reference. So
 * {@code {html}}, {@code {panel}} or {@code [text|javascript:…]} in a PRD stay literal. Raw HTML is literal text.
 * Output is deterministic.
 */
public final class WikiMarkupWriter {

    /** The languages Jira's {@code {code}} macro formats; others get a plain {@code {code}}. */
    private static final Set<String> LANGUAGES = Set.of("actionscript", "ada", "applescript", "bash", "c", "c#",
            "c++", "cpp", "css", "erlang", "go", "groovy", "haskell", "html", "java", "javascript", "js", "json",
            "lua", "none", "objc", "perl", "php", "python", "r", "ruby", "scala", "sh", "sql", "swift",
            "visualbasic", "xml", "yaml");

    private static final String SPECIAL = "*_?-+^~{}[]|!#";
    private static final Pattern BLOCK_START = Pattern.compile("^(h[1-6]\\.|bq\\.)", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL = Pattern.compile("(?i)\\b(https?://[^\\s<>\"]+|mailto:[^\\s<>\"]+)");

    private WikiMarkupWriter() {
    }

    /** {@code markdown} (null is empty) as wiki markup; blocks are separated by a blank line. */
    public static String toWiki(String markdown) {
        List<String> blocks = new ArrayList<>();
        blocks(Markdown.parse(markdown), blocks, false);
        return String.join("\n\n", blocks);
    }

    /**
     * {@code text} literally (no Markdown), e.g. a generated comment: every line escaped, http(s) and mailto URLs as
     * links, blank lines kept as paragraph breaks.
     */
    public static String plainText(String text) {
        String[] lines = Markdown.clean(text).split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            StringBuilder l = new StringBuilder();
            Matcher m = URL.matcher(line);
            int at = 0;
            while (m.find()) {
                l.append(escape(line.substring(at, m.start())));
                String url = m.group(1);
                l.append(Markdown.isSafeHref(url) ? "[" + href(url) + "]" : escape(url));
                at = m.end();
            }
            l.append(escape(line.substring(at)));
            out.append(guardBlockStart(l.toString().strip()));
        }
        return out.toString().strip();
    }

    /** {@code text} with every wiki-markup special character escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("&#92;");
            } else if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '\r' || c == '\n') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- blocks

    private static void blocks(Node parent, List<String> out, boolean nested) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            block(child, out, nested);
        }
    }

    private static void block(Node node, List<String> out, boolean nested) {
        if (node instanceof Paragraph) {
            add(out, guardBlockStart(inlines(node)));
        } else if (node instanceof Heading heading) {
            String text = inlines(node);
            if (!text.isEmpty()) {
                add(out, nested
                        ? "*" + text + "*"
                        : "h" + Math.max(1, Math.min(6, heading.getLevel())) + ". "
                                + text);
            }
        } else if (node instanceof BulletList || node instanceof OrderedList) {
            List<String> lines = new ArrayList<>();
            list(node, "", lines);
            add(out, String.join("\n", lines));
        } else if (node instanceof FencedCodeBlock fenced) {
            add(out, codeBlock(fenced.getInfo(), fenced.getLiteral()));
        } else if (node instanceof IndentedCodeBlock indented) {
            add(out, codeBlock(null, indented.getLiteral()));
        } else if (node instanceof BlockQuote) {
            List<String> inner = new ArrayList<>();
            blocks(node, inner, true);
            if (nested) {
                out.addAll(inner); // a quote in a quote or a list item is flattened into its container
            } else if (inner.size() == 1 && !inner.get(0).contains("\n") && !inner.get(0).startsWith("{")) {
                add(out, "bq. " + inner.get(0));
            } else if (!inner.isEmpty()) {
                add(out, "{quote}\n" + String.join("\n\n", inner) + "\n{quote}");
            }
        } else if (node instanceof ThematicBreak) {
            if (!nested) {
                out.add("----");
            }
        } else if (node instanceof TableBlock) {
            table(node, out, nested);
        } else if (node instanceof HtmlBlock html) {
            add(out, guardBlockStart(escapeLines(AdfWriter.stripTrailingNewlines(html.getLiteral()))));
        }
        // link reference definitions carry no visible content
    }

    private static void add(List<String> out, String block) {
        if (block != null && !block.isBlank()) {
            out.add(block);
        }
    }

    /**
     * A list as lines {@code <marks> text}: an item's first paragraph on its line, further paragraphs and code joined
     * with line breaks ({@code \\}), sub-lists on their own lines with one more mark.
     */
    private static void list(Node list, String prefix, List<String> lines) {
        String marks = prefix + (list instanceof OrderedList ? "#" : "*");
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (!(item instanceof ListItem)) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            List<String> sub = new ArrayList<>();
            for (Node b = item.getFirstChild(); b != null; b = b.getNext()) {
                if (b instanceof BulletList || b instanceof OrderedList) {
                    list(b, marks, sub);
                } else if (b instanceof FencedCodeBlock || b instanceof IndentedCodeBlock) {
                    String code = b instanceof FencedCodeBlock f
                            ? f.getLiteral()
                            : ((IndentedCodeBlock) b)
                                    .getLiteral();
                    for (String line : AdfWriter.stripTrailingNewlines(code).split("\r\n|\r|\n")) {
                        if (!line.isBlank()) {
                            parts.add("{{" + escape(line) + "}}");
                        }
                    }
                } else {
                    List<String> inner = new ArrayList<>();
                    block(b, inner, true);
                    for (String s : inner) {
                        parts.add(s.replace("\n", " \\\\ "));
                    }
                }
            }
            lines.add(marks + " " + String.join(" \\\\ ", parts));
            lines.addAll(sub);
        }
    }

    private static String codeBlock(String info, String literal) {
        String code = AdfWriter.stripTrailingNewlines(literal);
        String language = language(info);
        if (!code.contains("{code")) {
            return (language == null ? "{code}" : "{code:" + language + "}") + "\n" + code + "\n{code}";
        }
        if (!code.contains("{noformat")) {
            return "{noformat}\n" + code + "\n{noformat}";
        }
        // holds both closing macros: each line as escaped monospace text
        List<String> lines = new ArrayList<>();
        for (String line : code.split("\r\n|\r|\n")) {
            lines.add(line.isEmpty() ? "" : "{{" + escape(line) + "}}");
        }
        return String.join(" \\\\\n", lines);
    }

    private static void table(Node tableBlock, List<String> out, boolean nested) {
        List<String> lines = new ArrayList<>();
        for (Node section = tableBlock.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                StringBuilder line = new StringBuilder();
                List<String> cells = new ArrayList<>();
                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                    if (c instanceof TableCell cell) {
                        String sep = cell.isHeader() ? "||" : "|";
                        String text = inlines(cell);
                        cells.add(text);
                        if (line.isEmpty()) {
                            line.append(sep);
                        }
                        // an empty cell still needs content, or two separators read as one header separator
                        line.append(text.isEmpty() ? " " : text).append(sep);
                    }
                }
                if (!cells.isEmpty()) {
                    // where no table may stand (a list item, a quote): the cells joined by " \| "
                    lines.add(nested ? String.join(" \\| ", cells).strip() : line.toString());
                }
            }
        }
        if (!lines.isEmpty()) {
            out.add(String.join(nested ? " \\\\ " : "\n", lines));
        }
    }

    // ---- inlines

    private static String inlines(Node parent) {
        StringBuilder out = new StringBuilder();
        inlineChildren(parent, out);
        return out.toString().strip();
    }

    private static void inlineChildren(Node parent, StringBuilder out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child, out);
        }
    }

    private static void inline(Node node, StringBuilder out) {
        if (node instanceof Text text) {
            out.append(escape(text.getLiteral()));
        } else if (node instanceof Code code) {
            if (!code.getLiteral().isEmpty()) {
                out.append("{{").append(escape(code.getLiteral())).append("}}");
            }
        } else if (node instanceof Emphasis) {
            wrap(node, "_", out);
        } else if (node instanceof StrongEmphasis) {
            wrap(node, "*", out);
        } else if (node instanceof Strikethrough) {
            wrap(node, "-", out);
        } else if (node instanceof Link link) {
            StringBuilder text = new StringBuilder();
            inlineChildren(node, text);
            link(text.toString(), link.getDestination(), out);
        } else if (node instanceof Image image) {
            StringBuilder alt = new StringBuilder();
            inlineChildren(node, alt);
            link(alt.toString(), image.getDestination(), out);
        } else if (node instanceof SoftLineBreak) {
            out.append(' ');
        } else if (node instanceof HardLineBreak) {
            out.append(" \\\\ ");
        } else if (node instanceof HtmlInline html) {
            out.append(escape(html.getLiteral()));
        } else {
            inlineChildren(node, out);
        }
    }

    private static void wrap(Node node, String mark, StringBuilder out) {
        StringBuilder inner = new StringBuilder();
        inlineChildren(node, inner);
        String s = inner.toString();
        if (s.isBlank()) {
            out.append(s);
            return;
        }
        // the marks must touch the text: spaces go outside them
        String lead = s.substring(0, s.length() - s.stripLeading().length());
        String trail = s.substring(s.stripTrailing().length());
        out.append(lead).append(mark).append(s.strip()).append(mark).append(trail);
    }

    private static void link(String text, String destination, StringBuilder out) {
        if (!Markdown.isSafeHref(destination)) {
            out.append(text.isEmpty() ? escape(destination == null ? "" : destination) : text);
            return;
        }
        String href = href(destination.trim());
        String plain = text.replace("\\", "");
        if (text.isEmpty() || plain.equals(destination.trim())) {
            out.append('[').append(href).append(']');
        } else {
            out.append('[').append(text).append('|').append(href).append(']');
        }
    }

    /** A URL for {@code [..|url]}: the characters that would end or split the link are percent-encoded. */
    private static String href(String url) {
        return url.replace("|", "%7C").replace("]", "%5D").replace("[", "%5B").replace("{", "%7B")
                .replace("}", "%7D").replace(" ", "%20");
    }

    private static String escapeLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n")) {
            lines.add(escape(line));
        }
        return String.join(" \\\\ ", lines).strip();
    }

    /** A block starting with {@code h1.}…{@code h6.} or {@code bq.} would become a heading or a quote. */
    private static String guardBlockStart(String block) {
        Matcher m = BLOCK_START.matcher(block);
        if (!m.find()) {
            return block;
        }
        return "&#" + (int) block.charAt(0) + ";" + block.substring(1);
    }

    private static String language(String info) {
        if (info == null || info.isBlank()) {
            return null;
        }
        String word = info.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return LANGUAGES.contains(word) ? word : null;
    }
}
