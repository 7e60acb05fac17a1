package io.prdtool.integration.confluence;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

import io.prdtool.integration.markdown.Markdown;

/**
 * Markdown to Confluence storage format, the XHTML (plus {@code ac:}/{@code ri:} elements) a page body is written in.
 * <ul>
 * <li>Raw HTML in the Markdown is escaped and shows as text ({@code escapeHtml}): it is never interpreted, and a stray
 * {@code <br>} cannot break the XHTML parse on Confluence's side.</li>
 * <li>Links go only to http, https and mailto URLs; any other link is its text alone.</li>
 * <li>Void elements are self-closed ({@code <br />}, {@code <hr />}); characters XML forbids are dropped.</li>
 * <li>Code blocks are Confluence's code macro with the language as a parameter and the code in CDATA (a {@code ]]>}
 * in the code is split across two sections); images are {@code <ac:image>} with an {@code ri:url}.</li>
 * </ul>
 * The result is a fragment: several top-level elements, no root. Its {@code ac:} and {@code ri:} prefixes are the ones
 * Confluence declares implicitly ({@link #AC_NAMESPACE}, {@link #RI_NAMESPACE}).
 */
public final class StorageFormat {

    /** The namespace Confluence binds {@code ac:} to when it reads storage format. */
    public static final String AC_NAMESPACE = "http://atlassian.com/content";
    /** The namespace Confluence binds {@code ri:} to. */
    public static final String RI_NAMESPACE = "http://atlassian.com/resource/identifier";

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(Markdown.extensions())
            .escapeHtml(true)
            .sanitizeUrls(true)
            .nodeRendererFactory(ConfluenceNodes::new)
            .build();

    private StorageFormat() {
    }

    /** {@code markdown} (null is empty) as a storage-format fragment. */
    public static String toStorage(String markdown) {
        return RENDERER.render(Markdown.parse(markdown));
    }

    /** {@code code} as the body of a CDATA section, {@code ]]>} split so that it cannot end the section early. */
    static String cdata(String code) {
        return "<![CDATA[" + code.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** The code macro's language parameter: the info string's first word when it is a plain language name. */
    static String language(String info) {
        if (info == null || info.isBlank()) {
            return null;
        }
        String word = info.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return word.matches("[a-z0-9][a-z0-9_+#.-]{0,31}") ? word : null;
    }

    /** Code blocks, images and links the way Confluence wants them; everything else is CommonMark's HTML. */
    private static final class ConfluenceNodes implements NodeRenderer {

        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        ConfluenceNodes(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(FencedCodeBlock.class, IndentedCodeBlock.class, Image.class, Link.class);
        }

        @Override
        public void render(Node node) {
            if (node instanceof FencedCodeBlock fenced) {
                codeMacro(language(fenced.getInfo()), fenced.getLiteral());
            } else if (node instanceof IndentedCodeBlock indented) {
                codeMacro(null, indented.getLiteral());
            } else if (node instanceof Image image) {
                image(image);
            } else if (node instanceof Link link) {
                link(link);
            }
        }

        private void codeMacro(String language, String literal) {
            String code = literal == null ? "" : literal;
            if (code.endsWith("\n")) {
                code = code.substring(0, code.length() - 1);
            }
            html.line();
            html.tag("ac:structured-macro", Map.of("ac:name", "code"));
            if (language != null) {
                html.tag("ac:parameter", Map.of("ac:name", "language"));
                html.text(language);
                html.tag("/ac:parameter");
            }
            html.tag("ac:plain-text-body");
            html.raw(cdata(code));
            html.tag("/ac:plain-text-body");
            html.tag("/ac:structured-macro");
            html.line();
        }

        private void image(Image image) {
            String alt = altText(image);
            if (!Markdown.isSafeHref(image.getDestination()) || image.getDestination().startsWith("mailto:")) {
                html.text(alt);
                return;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            if (!alt.isEmpty()) {
                attrs.put("ac:alt", alt);
            }
            if (image.getTitle() != null && !image.getTitle().isBlank()) {
                attrs.put("ac:title", image.getTitle());
            }
            html.tag("ac:image", attrs);
            html.tag("ri:url", Map.of("ri:value", image.getDestination().trim()), true);
            html.tag("/ac:image");
        }

        private void link(Link link) {
            if (!Markdown.isSafeHref(link.getDestination())) {
                renderChildren(link);
                return;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("href", link.getDestination().trim());
            if (link.getTitle() != null && !link.getTitle().isBlank()) {
                attrs.put("title", link.getTitle());
            }
            html.tag("a", attrs);
            renderChildren(link);
            html.tag("/a");
        }

        private void renderChildren(Node parent) {
            Node child = parent.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
        }

        private static String altText(Node node) {
            StringBuilder sb = new StringBuilder();
            appendText(node, sb);
            return sb.toString();
        }

        private static void appendText(Node node, StringBuilder sb) {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof Text text) {
                    sb.append(text.getLiteral());
                } else {
                    appendText(child, sb);
                }
            }
        }
    }
}
