package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phrases (a term, a heading synonym) indexed by their first word, longest first, so matching a text is one map
 * lookup per word instead of one regex per phrase.
 */
final class PhraseIndex<T> {

    /**
     * @param words the lowercase words, per {@link Words}
     * @param trailingDot the phrase was written with a final '.' ("etc."), which a match then includes when present
     */
    record Phrase<T>(String text, String[] words, boolean trailingDot, T value) {
    }

    private final Map<String, List<Phrase<T>>> byFirstWord;

    PhraseIndex(Map<String, T> phrases) {
        Map<String, List<Phrase<T>>> index = new HashMap<>();
        phrases.forEach((text, value) -> {
            String[] words = Words.of(text).toArray(String[]::new);
            if (words.length > 0) {
                Phrase<T> phrase = new Phrase<>(text, words, text.endsWith("."), value);
                index.computeIfAbsent(words[0], k -> new ArrayList<>()).add(phrase);
            }
        });
        Comparator<Phrase<T>> longestFirst = Comparator.comparingInt((Phrase<T> p) -> -p.words().length)
                .thenComparing(Phrase::text);
        index.replaceAll((k, list) -> {
            list.sort(longestFirst);
            return List.copyOf(list);
        });
        this.byFirstWord = Map.copyOf(index);
    }

    List<Phrase<T>> startingWith(String word) {
        return byFirstWord.getOrDefault(word, List.of());
    }
}
