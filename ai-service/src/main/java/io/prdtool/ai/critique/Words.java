package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one definition of a "word" for the reviewer, used on PRD prose and on rubric terms alike, so a term matches
 * exactly the words it tokenises to.
 *
 * <p>
 * A word is a run of letters, digits and combining marks; a hyphen or apostrophe between two such chars joins
 * ({@code user-friendly}, {@code can't}, {@code FR-12}). A whitespace-separated chunk that is a URL or an e-mail
 * address yields no words, so a bare link never reads as prose. One forward pass, no regex.
 */
final class Words {

    interface Sink {

        void word(int start, int end);
    }

    private Words() {
    }

    static void scan(CharSequence s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int chunkEnd = i;
            while (chunkEnd < to && !Character.isWhitespace(s.charAt(chunkEnd))) {
                chunkEnd++;
            }
            if (!isAddress(s, i, chunkEnd)) {
                words(s, i, chunkEnd, sink);
            }
            i = chunkEnd;
        }
    }

    /** The lowercase words of a short string (a rubric term, a heading synonym). */
    static List<String> of(String s) {
        List<String> out = new ArrayList<>();
        scan(s, 0, s.length(), (a, b) -> out.add(s.substring(a, b).toLowerCase(Locale.ROOT)));
        return out;
    }

    static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static void words(CharSequence s, int from, int to, Sink sink) {
        int j = from;
        while (j < to) {
            int cp = Character.codePointAt(s, j);
            if (!isWordChar(cp)) {
                j += Character.charCount(cp);
                continue;
            }
            int start = j;
            j += Character.charCount(cp);
            while (j < to) {
                cp = Character.codePointAt(s, j);
                if (isWordChar(cp)) {
                    j += Character.charCount(cp);
                } else if (isJoiner(cp) && j + 1 < to && isWordChar(Character.codePointAt(s, j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            sink.word(start, j);
        }
    }

    private static boolean isJoiner(int cp) {
        return cp == '-' || cp == '\'' || cp == '\u2019';
    }

    private static boolean isAddress(CharSequence s, int from, int to) {
        boolean at = false;
        boolean dotAfterAt = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == ':' && k + 2 < to && s.charAt(k + 1) == '/' && s.charAt(k + 2) == '/') {
                return true;
            } else if (c == '@' && k > from) {
                at = true;
            } else if (c == '.' && at && k + 1 < to) {
                dotAfterAt = true;
            }
        }
        return dotAfterAt || startsWithIgnoreCase(s, from, to, "www.") || startsWithIgnoreCase(s, from, to, "mailto:");
    }

    private static boolean startsWithIgnoreCase(CharSequence s, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(s.charAt(from + k)) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
