package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prdtool.ai.text.TextAnchor;

/**
 * Collects the findings of one review and turns them into the published list: severities banded by count, a cap per
 * rule with a summary of what was left out, a deterministic order.
 *
 * <h2>Severity bands (BMAD)</h2> A rule that fires per occurrence has a base severity, raised by how often its
 * {@code band} fires in the document: more than 10 times makes every occurrence critical, 5 to 10 at least a warning.
 * The ambiguity lexicon and weak modals share one band, as do the placeholders; other per-occurrence rules are their
 * own band; document-level findings and {@code wordy-phrase} are not banded.
 *
 * <h2>Order</h2> Document-level findings first (dimension order, then the order they were raised), then anchored
 * findings by start, end, dimension, rule; then one summary per capped (dimension, rule).
 */
final class Findings {

    static final int BAND_CRITICAL_ABOVE = 10;
    static final int BAND_WARNING_FROM = 5;

    private record Raw(Dimension dimension, String rule, Severity base, String band, int start, int end,
            String message, String hint, String suggestion, int seq) {
    }

    private final String text;
    private final List<Raw> raws = new ArrayList<>();
    private final Set<Integer> claimed = new HashSet<>();

    Findings(String text) {
        this.text = text;
    }

    /**
     * A finding on {@code text[start, end)}.
     *
     * @param band the band counted for severity, or {@code null} for none
     */
    void at(Dimension d, String rule, Severity base, String band, int start, int end, String message, String hint,
            String suggestion) {
        raws.add(new Raw(d, rule, base, band, start, end, message, hint, suggestion, raws.size()));
    }

    /** A finding on the whole document (no anchor). */
    void document(Dimension d, String rule, Severity severity, String message, String hint) {
        raws.add(new Raw(d, rule, severity, null, -1, -1, message, hint, null, raws.size()));
    }

    /** Marks a word as reported, so a later, more generic rule leaves it alone. */
    void claim(int start) {
        claimed.add(start);
    }

    boolean claimed(int start) {
        return claimed.contains(start);
    }

    List<Finding> build(int maxPerRule) {
        Map<String, Integer> bandCounts = new HashMap<>();
        for (Raw r : raws) {
            if (r.band() != null) {
                bandCounts.merge(r.band(), 1, Integer::sum);
            }
        }
        List<Raw> sorted = new ArrayList<>(raws);
        sorted.sort(Comparator.comparingInt((Raw r) -> r.start() < 0 ? 0 : 1)
                .thenComparingInt(r -> r.start() < 0 ? r.dimension().ordinal() : 0)
                .thenComparingInt(Raw::start)
                .thenComparingInt(Raw::end)
                .thenComparingInt(r -> r.dimension().ordinal())
                .thenComparing(Raw::rule)
                .thenComparingInt(Raw::seq));
        List<Finding> out = new ArrayList<>();
        Map<String, int[]> perRule = new LinkedHashMap<>(); // key -> {kept, total, severity ordinal}
        Map<String, Raw> firstOfRule = new HashMap<>();
        for (Raw r : sorted) {
            Severity severity = r.band() == null ? r.base() : Severity.max(r.base(), band(bandCounts.get(r.band())));
            String key = r.dimension().ordinal() + "\u0000" + r.rule();
            int[] counts = perRule.computeIfAbsent(key, k -> new int[]{0, 0, severity.ordinal()});
            firstOfRule.putIfAbsent(key, r);
            counts[1]++;
            counts[2] = Math.min(counts[2], severity.ordinal());
            if (counts[0] < maxPerRule) {
                counts[0]++;
                TextAnchor anchor = r.start() < 0 ? null : TextAnchor.of(text, r.start(), r.end());
                out.add(new Finding(r.rule(), r.dimension().id(), severity, r.message(), r.hint(), anchor,
                        r.suggestion()));
            }
        }
        List<Raw> summarised = new ArrayList<>();
        perRule.forEach((key, counts) -> {
            if (counts[1] > counts[0]) {
                summarised.add(firstOfRule.get(key));
            }
        });
        summarised.sort(Comparator.comparingInt((Raw r) -> r.dimension().ordinal()).thenComparing(Raw::rule));
        for (Raw r : summarised) {
            int[] counts = perRule.get(r.dimension().ordinal() + "\u0000" + r.rule());
            int left = counts[1] - counts[0];
            out.add(new Finding(r.rule(), r.dimension().id(), Severity.values()[counts[2]],
                    left + " more '" + r.rule() + "' finding" + (left == 1 ? "" : "s") + " not listed (" + counts[1]
                            + " in all)",
                    "Fix the listed ones first, or raise maxFindingsPerRule in the rubric to see every one.", null,
                    null));
        }
        return out;
    }

    static Severity band(int count) {
        if (count > BAND_CRITICAL_ABOVE) {
            return Severity.CRITICAL;
        }
        return count >= BAND_WARNING_FROM ? Severity.WARNING : Severity.INFO;
    }
}
