package io.prdtool.integration.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class StorageFormatTest {

    static String sample() throws IOException {
        try (InputStream in = StorageFormatTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parses a storage fragment the way Confluence sees it: inside a root that declares ac: and ri:. */
    static Document parse(String storage) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        String xml = "<root xmlns:ac=\"" + StorageFormat.AC_NAMESPACE + "\" xmlns:ri=\"" + StorageFormat.RI_NAMESPACE
                + "\">" + storage + "</root>";
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void realisticPrdIsWellFormedXhtml() throws Exception {
        String storage = StorageFormat.toStorage(sample());

        Document doc = parse(storage);

        assertThat(doc.getElementsByTagName("h1").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("table").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("th").getLength()).isEqualTo(3);
        assertThat(storage).contains("<br />", "<hr />", "<del>comments</del>");
        assertThat(storage).doesNotContain("<br>", "<hr>");
    }

    @Test
    void rawHtmlIsEscaped() throws Exception {
        String storage = StorageFormat.toStorage(sample());

        assertThat(storage).contains("&lt;script&gt;alert('x')&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;",
                "&lt;div class=&quot;callout&quot;&gt;");
        Document doc = parse(storage);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("div").getLength()).isZero();
        assertThat(doc.getElementsByTagName("b").getLength()).isZero();
    }

    @Test
    void linksOnlyToSafeSchemes() throws Exception {
        Document doc = parse(StorageFormat.toStorage(sample()));

        List<String> hrefs = new ArrayList<>();
        NodeList links = doc.getElementsByTagName("a");
        for (int i = 0; i < links.getLength(); i++) {
            hrefs.add(((Element) links.item(i)).getAttribute("href"));
        }
        assertThat(hrefs).contains("https://example.com/research", "https://example.com/survey",
                "mailto:pm@example.com");
        assertThat(hrefs).noneMatch(h -> h.toLowerCase().contains("javascript"));
        assertThat(doc.getDocumentElement().getTextContent()).contains("bad link");
    }

    @Test
    void codeBlocksAreCodeMacrosWithCdata() throws Exception {
        String code = "{\"format\": \"pdf\", \"version\": \"1.2.0\", \"end\": \"]]>\"}";

        String storage = StorageFormat.toStorage("```json\n" + code + "\n```\n\n    indented\n");

        assertThat(storage).contains("<ac:structured-macro ac:name=\"code\">"
                + "<ac:parameter ac:name=\"language\">json</ac:parameter>");
        Document doc = parse(storage);
        NodeList bodies = doc.getElementsByTagNameNS(StorageFormat.AC_NAMESPACE, "plain-text-body");
        assertThat(bodies.getLength()).isEqualTo(2);
        assertThat(bodies.item(0).getTextContent()).isEqualTo(code);
        assertThat(bodies.item(1).getTextContent()).isEqualTo("indented");
        NodeList params = doc.getElementsByTagNameNS(StorageFormat.AC_NAMESPACE, "parameter");
        assertThat(params.getLength()).isEqualTo(1);
    }

    @Test
    void oddLanguageIsLeftOut() throws Exception {
        String storage = StorageFormat.toStorage("```\"><script>\nx\n```");

        parse(storage);
        assertThat(storage).doesNotContain("ac:name=\"language\"");
    }

    @Test
    void imagesAreAcImages() throws Exception {
        String storage = StorageFormat.toStorage("![diagram](https://example.com/d.png \"Flow\") ![x](javascript:1)");

        Document doc = parse(storage);
        Element image = (Element) doc.getElementsByTagNameNS(StorageFormat.AC_NAMESPACE, "image").item(0);
        assertThat(image.getAttributeNS(StorageFormat.AC_NAMESPACE, "alt")).isEqualTo("diagram");
        Element url = (Element) image.getElementsByTagNameNS(StorageFormat.RI_NAMESPACE, "url").item(0);
        assertThat(url.getAttributeNS(StorageFormat.RI_NAMESPACE, "value")).isEqualTo("https://example.com/d.png");
        assertThat(doc.getElementsByTagNameNS(StorageFormat.AC_NAMESPACE, "image").getLength()).isEqualTo(1);
    }

    @Test
    void sameMarkdownGivesSameStorage() throws IOException {
        assertThat(StorageFormat.toStorage(sample())).isEqualTo(StorageFormat.toStorage(sample()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<br>", "a  \nb", "---", "<![CDATA[ x ]]>", "```\n]]>]]>\n```", "&amp; &copy; &#0;",
            "\u0000\u0001\u000B\uFFFE", "\uDC00 lone", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY e \"x\">]>&e;",
            "| a | <b> |\n|---|---|\n| 1 | 2 |", "[x](https://a.example/?q=1&r=<2>)", "<https://a.example/a&b>",
            "- [ ] task", "> quote\n> - list", "😀 👍🏽", "*a **b***", "~~s~~"})
    void edgeCasesParseAsXml(String markdown) throws Exception {
        parse(StorageFormat.toStorage(markdown));
    }
}
