package io.prdtool.ai.text;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A quote of a text plus a little context, so a place in the text can be found again after the text changed around
 * it: the W3C Web Annotation {@code TextQuoteSelector} ({@code exact}, {@code prefix}, {@code suffix}) plus a
 * position hint.
 *
 * <p>
 * {@code start} is the UTF-16 index of {@code exact} in the text the anchor was made from. {@code prefix} and
 * {@code suffix} are up to {@value #CONTEXT} chars before and after it (fewer at the ends of the text, and never half
 * of a surrogate pair).
 *
 * <h2>How {@link #locate} chooses</h2>
 * <ol>
 * <li>Every occurrence of {@code exact} in the new text is a candidate (overlapping ones too).</li>
 * <li>Each candidate scores its context agreement: the number of chars, read outwards from the quote, that the text
 * shares with the end of {@code prefix} plus those it shares with the start of {@code suffix} (0 to 64).</li>
 * <li>The highest score wins; among equal scores the candidate nearest to {@code start}; if two are equally near, the
 * earlier one.</li>
 * <li>Nothing is found when {@code exact} no longer occurs, or when the anchor carries context and not one candidate
 * agrees with it by even one char: the quote is then somewhere it was not before, and guessing would put an edit in
 * the wrong place. This holds for a single occurrence too. An anchor without context (it quoted the whole text) falls
 * back to nearness alone.</li>
 * </ol>
 * The occurrence scan is Knuth-Morris-Pratt, so finding the candidates is O(text + exact) whatever the text; scoring
 * costs at most 64 char comparisons per candidate.
 */
public record TextAnchor(String exact, String prefix, String suffix, int start) {

    /** Chars of context kept on each side. */
    public static final int CONTEXT = 32;

    public TextAnchor {
        Objects.requireNonNull(exact, "exact");
        if (exact.isEmpty()) {
            throw new IllegalArgumentException("exact must not be empty");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative: " + start);
        }
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    /** The anchor of {@code text[start, end)}. */
    public static TextAnchor of(String text, int start, int end) {
        Objects.requireNonNull(text, "text");
        if (start < 0 || end > text.length() || start >= end) {
            throw new IllegalArgumentException(
                    "need 0 <= start < end <= " + text.length() + ", got [" + start + ", " + end + ")");
        }
        int prefixStart = Math.max(0, start - CONTEXT);
        if (prefixStart > 0 && Character.isLowSurrogate(text.charAt(prefixStart))
                && Character.isHighSurrogate(text.charAt(prefixStart - 1))) {
            prefixStart++;
        }
        int suffixEnd = Math.min(text.length(), end + CONTEXT);
        if (suffixEnd < text.length() && Character.isHighSurrogate(text.charAt(suffixEnd - 1))
                && Character.isLowSurrogate(text.charAt(suffixEnd))) {
            suffixEnd--;
        }
        return new TextAnchor(text.substring(start, end), text.substring(prefixStart, start),
                text.substring(end, suffixEnd), start);
    }

    /** Where {@code exact} is in {@code text} now (see the class javadoc for the rule), or empty. */
    public OptionalInt locate(String text) {
        Objects.requireNonNull(text, "text");
        int m = exact.length();
        if (m > text.length()) {
            return OptionalInt.empty();
        }
        int[] failure = failureFunction(exact);
        boolean hasContext = !prefix.isEmpty() || !suffix.isEmpty();
        int best = -1;
        int bestScore = -1;
        long bestDistance = Long.MAX_VALUE;
        int matched = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            while (matched > 0 && exact.charAt(matched) != c) {
                matched = failure[matched - 1];
            }
            if (exact.charAt(matched) == c) {
                matched++;
            }
            if (matched == m) {
                int at = i - m + 1;
                int score = contextScore(text, at);
                long distance = Math.abs((long) at - start);
                if (score > bestScore || (score == bestScore && distance < bestDistance)) {
                    best = at;
                    bestScore = score;
                    bestDistance = distance;
                }
                matched = failure[m - 1];
            }
        }
        if (best < 0 || (hasContext && bestScore == 0)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(best);
    }

    private int contextScore(String text, int at) {
        int score = 0;
        for (int k = 1; k <= prefix.length() && at - k >= 0; k++) {
            if (prefix.charAt(prefix.length() - k) != text.charAt(at - k)) {
                break;
            }
            score++;
        }
        int after = at + exact.length();
        for (int k = 0; k < suffix.length() && after + k < text.length(); k++) {
            if (suffix.charAt(k) != text.charAt(after + k)) {
                break;
            }
            score++;
        }
        return score;
    }

    private static int[] failureFunction(String pattern) {
        int[] failure = new int[pattern.length()];
        int k = 0;
        for (int i = 1; i < pattern.length(); i++) {
            while (k > 0 && pattern.charAt(k) != pattern.charAt(i)) {
                k = failure[k - 1];
            }
            if (pattern.charAt(k) == pattern.charAt(i)) {
                k++;
            }
            failure[i] = k;
        }
        return failure;
    }
}
