package io.prdtool.prd.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.search.Highlights;

/** The text pieces of snippets: passage boundaries in Markdown and the HTML of titles and fragments. */
class SnippetTextTest {

    private static List<Integer> forward(String text) {
        BreakIterator it = new SentenceOrLineBreakIterator();
        it.setText(text);
        List<Integer> bounds = new ArrayList<>(List.of(it.first()));
        for (int b = it.next(); b != BreakIterator.DONE; b = it.next()) {
            bounds.add(b);
        }
        return bounds;
    }

    @Test
    void passagesEndAtLineBreaksAndSentenceEnds() {
        String md = "# Checkout\n- one click\nUsers pay. Then leave! Why? v1.2 stays whole.";
        assertThat(forward(md)).containsExactly(0, 11, 23, 34, 46, 51, md.length());
        assertThat(forward("")).containsExactly(0);
        assertThat(forward("no end")).containsExactly(0, 6);
    }

    @Test
    void followingAndPrecedingFindTheNeighbouringBoundaries() {
        String md = "First one. Second one.\nThird";
        BreakIterator it = new SentenceOrLineBreakIterator();
        it.setText(md);
        assertThat(it.following(0)).isEqualTo(11);
        assertThat(it.following(11)).isEqualTo(23);
        assertThat(it.current()).isEqualTo(23);
        assertThat(it.following(md.length())).isEqualTo(BreakIterator.DONE);
        assertThat(it.preceding(15)).isEqualTo(11);
        assertThat(it.preceding(11)).isEqualTo(0);
        assertThat(it.preceding(0)).isEqualTo(BreakIterator.DONE);
        assertThat(it.isBoundary(23)).isTrue();
        assertThat(it.isBoundary(5)).isFalse();
        assertThat(it.current()).isEqualTo(11);
        it.last();
        assertThat(it.previous()).isEqualTo(23);
        assertThat(it.next(-2)).isEqualTo(0);
        assertThatThrownBy(() -> it.following(md.length() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapesHtmlFoldsWhitespaceAndDropsMatchMarkers() {
        String text = "a  <b>\n\t&\"x'\u0002y\u0003 ";
        assertThat(Highlights.escape(new StringBuilder(), text, 0, text.length()).toString())
                .isEqualTo("a &lt;b&gt; &amp;&quot;x&#39;y ");
        assertThat(Highlights.escape(new StringBuilder(), text, 3, 6).toString()).isEqualTo("&lt;b&gt;");
        // an engine's own markers become marks; control characters in the text never do
        assertThat(Highlights.marked("\uE000Pay\uE001  <b>\u0002&\u0003\uE000x\uE001", '\uE000', '\uE001'))
                .isEqualTo("<mark>Pay</mark> &lt;b&gt;&amp;<mark>x</mark>");
    }

    @Test
    void marksTitleWordsWhoseAnalysedFormIsAQueryTerm() {
        assertThat(Highlights.title(new EnglishAnalysis(), LuceneIndex.TITLE, "Paying <fast> & pays", Set.of("pay")))
                .isEqualTo("<mark>Paying</mark> &lt;fast&gt; &amp; <mark>pays</mark>");
    }
}
