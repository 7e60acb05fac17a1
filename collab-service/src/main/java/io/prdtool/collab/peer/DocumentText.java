package io.prdtool.collab.peer;

import java.util.List;
import java.util.Map;

import io.prdtool.collab.crdt.ProseMirrorText;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.crdt.YText;
import io.prdtool.collab.crdt.YXmlFragment;

/**
 * What a PRD document says, for the server's own use (REST reads, content events): the Y.Text named by
 * {@code prdtool.collab.text-name}, or, when that is empty and a rich-text editor wrote the {@code prosemirror} root,
 * the ProseMirror document.
 */
public final class DocumentText {

    /** The root ProseMirror/TipTap bindings use. */
    public static final String PROSEMIRROR_ROOT = "prosemirror";

    private DocumentText() {
    }

    public static String plain(YDoc doc, String textName) {
        YXmlFragment rich = rich(doc, textName);
        return rich != null ? ProseMirrorText.plainText(rich) : doc.getText(textName).toString();
    }

    public static String markdown(YDoc doc, String textName) {
        YXmlFragment rich = rich(doc, textName);
        return rich != null ? ProseMirrorText.markdown(rich) : MarkdownRenderer.render(doc.getText(textName).toDelta());
    }

    public static List<Map<String, Object>> delta(YDoc doc, String textName) {
        YXmlFragment rich = rich(doc, textName);
        return rich != null
                ? List.of(Map.of("insert", ProseMirrorText.plainText(rich)))
                : doc.getText(textName).toDelta();
    }

    /**
     * The Y.Text as its positions count (UTF-16 code units, as Yjs counts): {@link YText#toString()} leaves embedded
     * objects out, here each reads as U+FFFC (the object replacement character), so index {@code i} of this string is
     * position {@code i} of the text.
     */
    public static String indexed(YText text) {
        String plain = text.toString();
        if (plain.length() == text.length()) {
            return plain; // no embeds: the common case
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (Map<String, Object> op : text.toDelta()) {
            sb.append(op.get("insert") instanceof String s ? s : "\uFFFC");
        }
        return sb.toString();
    }

    private static YXmlFragment rich(YDoc doc, String textName) {
        YText text = doc.getText(textName);
        if (text.length() == 0 && doc.roots().containsKey(PROSEMIRROR_ROOT)) {
            return doc.getXmlFragment(PROSEMIRROR_ROOT);
        }
        return null;
    }
}
