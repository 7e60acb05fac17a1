package io.prdtool.prd.search.lucene;

import java.text.BreakIterator;
import java.text.CharacterIterator;
import java.text.StringCharacterIterator;

/**
 * Passage boundaries for snippets of Markdown: after every line break, and after the space or tab that follows a
 * sentence end ({@code .}, {@code !} or {@code ?}; so {@code v1.2} stays whole). A heading, a list item or a table
 * row is a passage of its own, a paragraph is split into sentences.
 * <p>
 * Why not {@link BreakIterator#getSentenceInstance}: the JDK's rule-based iterator reads the text through a
 * {@link CharacterIterator} and re-scans from a safe point on every {@code following}/{@code preceding}; the unified
 * highlighter calls those once per match, and on a 4 KB PRD with a common word that was 40 % of a search's CPU. This
 * one reads the {@code String} directly and only as far as the next boundary.
 */
final class SentenceOrLineBreakIterator extends BreakIterator {

    private String text = "";
    private int current;

    @Override
    public void setText(String newText) {
        text = newText;
        current = 0;
    }

    @Override
    public void setText(CharacterIterator newText) {
        StringBuilder sb = new StringBuilder(newText.getEndIndex() - newText.getBeginIndex());
        for (char c = newText.first(); c != CharacterIterator.DONE; c = newText.next()) {
            sb.append(c);
        }
        setText(sb.toString());
    }

    @Override
    public CharacterIterator getText() {
        return new StringCharacterIterator(text);
    }

    /** Whether a passage may start at {@code i} (0 and the end always are boundaries). */
    private boolean boundaryAt(int i) {
        if (i <= 0 || i >= text.length()) {
            return true;
        }
        char before = text.charAt(i - 1);
        if (before == '\n') {
            return true;
        }
        if ((before != ' ' && before != '\t') || i < 2) {
            return false;
        }
        char end = text.charAt(i - 2);
        return end == '.' || end == '!' || end == '?';
    }

    @Override
    public int first() {
        current = 0;
        return current;
    }

    @Override
    public int last() {
        current = text.length();
        return current;
    }

    @Override
    public int current() {
        return current;
    }

    @Override
    public int next() {
        if (current >= text.length()) {
            return DONE;
        }
        int i = current + 1;
        while (!boundaryAt(i)) {
            i++;
        }
        current = i;
        return current;
    }

    @Override
    public int previous() {
        if (current <= 0) {
            return DONE;
        }
        int i = current - 1;
        while (!boundaryAt(i)) {
            i--;
        }
        current = i;
        return current;
    }

    @Override
    public int next(int n) {
        int result = current;
        while (n > 0) {
            result = next();
            n--;
        }
        while (n < 0) {
            result = previous();
            n++;
        }
        return result;
    }

    @Override
    public int following(int offset) {
        checkOffset(offset);
        current = offset;
        return next();
    }

    @Override
    public int preceding(int offset) {
        checkOffset(offset);
        current = offset;
        return previous();
    }

    @Override
    public boolean isBoundary(int offset) {
        checkOffset(offset);
        if (boundaryAt(offset)) {
            current = offset;
            return true;
        }
        following(offset);
        return false;
    }

    private void checkOffset(int offset) {
        if (offset < 0 || offset > text.length()) {
            throw new IllegalArgumentException("offset " + offset + " outside the text [0, " + text.length() + "]");
        }
    }
}
