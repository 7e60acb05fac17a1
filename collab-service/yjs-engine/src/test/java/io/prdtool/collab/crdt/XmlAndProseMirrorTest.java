package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class XmlAndProseMirrorTest {

    private static YXmlElement block(YDoc doc, YXmlFragment parent, String name, String text) {
        YXmlElement el = new YXmlElement(name);
        doc.transact(t -> {
            parent.insert(parent.length(), List.of(el));
            YXmlText xt = new YXmlText();
            el.insert(0, List.of(xt));
            xt.insert(0, text);
        });
        return el;
    }

    private static YDoc prd() {
        YDoc doc = new YDoc(1);
        YXmlFragment pm = doc.getXmlFragment("prosemirror");
        YXmlElement h = block(doc, pm, "heading", "Goals");
        h.setAttribute("level", 2L);
        YXmlElement p = block(doc, pm, "paragraph", "Ship the editor fast");
        ((YXmlText) p.get(0)).format(9, 6, Map.of("bold", true));
        ((YXmlText) p.get(0)).format(16, 4, Map.of("link", Map.of("href", "https://x.test")));
        YXmlElement list = new YXmlElement("bullet_list");
        doc.transact(t -> pm.insert(pm.length(), List.of(list)));
        block(doc, list, "list_item", "one");
        block(doc, list, "list_item", "two");
        return doc;
    }

    @Test
    void xmlStringRendersAttributesAndFormattingAsYjsDoes() {
        YXmlFragment pm = prd().getXmlFragment("prosemirror");
        assertThat(pm.toString()).isEqualTo("<heading level=\"2\">Goals</heading>"
                + "<paragraph>Ship the <bold>editor</bold> <link href=\"https://x.test\">fast</link></paragraph>"
                + "<bullet_list><list_item>one</list_item><list_item>two</list_item></bullet_list>");
    }

    @Test
    void plainTextJoinsBlocksWithoutMarkup() {
        assertThat(ProseMirrorText.plainText(prd().getXmlFragment("prosemirror")))
                .isEqualTo("Goals\n\nShip the editor fast\n\none\ntwo");
    }

    @Test
    void markdownRendersHeadingsMarksLinksAndLists() {
        assertThat(ProseMirrorText.markdown(prd().getXmlFragment("prosemirror")))
                .isEqualTo("## Goals\n\nShip the **editor** [fast](https://x.test)\n\n- one\n- two");
    }

    @Test
    void xmlSurvivesAnUpdateRoundTrip() {
        YDoc doc = prd();
        YDoc copy = new YDoc(2);
        Updates.applyUpdate(copy, Updates.encodeStateAsUpdate(doc));
        assertThat(copy.getXmlFragment("prosemirror").toString())
                .isEqualTo(doc.getXmlFragment("prosemirror").toString());
        assertThat(Updates.encodeStateAsUpdate(copy)).isEqualTo(Updates.encodeStateAsUpdate(doc));
    }
}
