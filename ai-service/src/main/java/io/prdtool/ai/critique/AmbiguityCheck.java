package io.prdtool.ai.critique;

import java.util.Map;

/**
 * Ambiguous language in the prose (headings, code and links excluded), in one pass over the words:
 * <ul>
 * <li>the rubric's lexicon, longest phrase first; subjective words, vague quantities and comparatives are excused when
 * their sentence holds a quantity ("fast: p95 under 300 ms");</li>
 * <li>weak modals ("should", "may", "might") inside requirement, NFR and acceptance-criteria sections, unless the
 * document declares RFC 2119 keywords and writes them in capitals (RFC 8174: lowercase ones keep their plain
 * meaning; "might" is never a keyword);</li>
 * <li>wordy phrases, with a replacement where one is always sound ("in order to" -> "to"); these do not lower the
 * score.</li>
 * </ul>
 * Score: 100 less 4 per violation per 1,000 words of prose (counted as at least 200 words).
 */
final class AmbiguityCheck implements DimensionCheck {

    static final String BAND = "ambiguity";

    /** Wordy phrase -> replacement ("" when none is always sound). */
    private static final PhraseIndex<String> WORDY = new PhraseIndex<>(Map.ofEntries(Map.entry("in order to", "to"),
            Map.entry("due to the fact that", "because"), Map.entry("in the event that", "if"),
            Map.entry("at this point in time", "now"), Map.entry("has the ability to", "can"),
            Map.entry("have the ability to", "can"), Map.entry("for the purpose of", "for"),
            Map.entry("prior to", "before"), Map.entry("in spite of the fact that", "although"),
            Map.entry("it is important to note that", ""), Map.entry("it should be noted that", "")));

    @Override
    public Dimension dimension() {
        return Dimension.AMBIGUITY;
    }

    @Override
    public int review(Review review) {
        PrdDocument doc = review.doc;
        Findings findings = review.findings;
        boolean rfc2119 = switch (review.rubric.rfc2119()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> citesRfc2119(doc);
        };
        PhraseIndex<TermCategory> lexicon = review.rubric.lexicon();
        int violations = 0;
        for (int i = 0; i < doc.tokenCount; i++) {
            if (doc.tokenInHeading(i)) {
                continue;
            }
            String w = doc.tLower[i];
            int matched = wordy(doc, findings, i);
            if (matched == 0) {
                for (PhraseIndex.Phrase<TermCategory> p : lexicon.startingWith(w)) {
                    if (doc.matches(i, p.words())) {
                        matched = p.words().length;
                        if (report(doc, findings, i, p)) {
                            violations++;
                        }
                        break;
                    }
                }
            }
            if (matched == 0 && isWeakModal(doc, i, rfc2119)) {
                violations++;
                String word = doc.text.substring(doc.tStart[i], doc.tEnd[i]);
                String hint = w.equals("might")
                        ? "Use 'must' or 'can'; 'might' is never a requirement keyword."
                        : rfc2119
                                ? "Under RFC 8174 only capitalised SHOULD/MAY carry the RFC 2119 meaning: "
                                        + "capitalise it, or use 'must'."
                                : "Use 'must' for an obligation, or declare RFC 2119 keywords and write SHOULD/MAY in "
                                        + "capitals.";
                findings.at(dimension(), "weak-modal", Severity.INFO, BAND, doc.tStart[i], doc.tEnd[i],
                        "'" + word + "' leaves this requirement optional or unclear", hint, null);
            }
            if (matched > 1) {
                i += matched - 1;
            }
        }
        int words = Math.max(200, doc.proseWordCount());
        double perThousand = violations * 1000.0 / words;
        return (int) Math.max(0, Math.round(100 - 4 * perThousand));
    }

    /** Reports a lexicon match unless excused; returns whether it counts as a violation. */
    private boolean report(PrdDocument doc, Findings findings, int i, PhraseIndex.Phrase<TermCategory> p) {
        TermCategory c = p.value();
        if (findings.claimed(doc.tStart[i]) || (c.excusedByNumber && doc.sentenceMeasured[doc.tSentence[i]])) {
            return false;
        }
        int start = doc.tStart[i];
        int end = doc.tEnd[i + p.words().length - 1];
        if (p.trailingDot() && end < doc.text.length() && doc.text.charAt(end) == '.') {
            end++;
        }
        String term = doc.text.substring(start, end);
        String example = MeasurableExamples.forWord(p.text());
        String message;
        String hint;
        switch (c) {
            case SUBJECTIVE -> {
                message = "'" + term + "' is not measurable";
                hint = example != null
                        ? "State a target, e.g. '" + example + "'."
                        : "Replace it with a criterion a tester can check: a number, a unit, a method.";
            }
            case QUANTIFIER -> {
                message = "'" + term + "' is a vague quantity";
                hint = "Give the number or a range, e.g. 'up to 5'.";
            }
            case ESCAPE_CLAUSE -> {
                message = "'" + term + "' is an escape clause";
                hint = "Say exactly when it applies, or drop it and commit.";
            }
            case OPEN_ENDED -> {
                message = "'" + term + "' leaves the list open";
                hint = "List every item, or state the rule that decides what belongs.";
            }
            case COMPARATIVE -> {
                message = "'" + term + "' has no baseline";
                hint = "Say than what and by how much, e.g. 'p95 from 800 ms to 300 ms'.";
            }
            default -> {
                message = "'" + term + "' is on your organisation's list of ambiguous terms";
                hint = "Replace it with a measurable statement.";
            }
        }
        findings.at(dimension(), c.rule, Severity.INFO, BAND, start, end, message, hint, null);
        return true;
    }

    /** Reports a wordy phrase at word i; returns its length in words, 0 when none. */
    private int wordy(PrdDocument doc, Findings findings, int i) {
        for (PhraseIndex.Phrase<String> p : WORDY.startingWith(doc.tLower[i])) {
            if (doc.matches(i, p.words())) {
                int start = doc.tStart[i];
                int end = doc.tEnd[i + p.words().length - 1];
                String phrase = doc.text.substring(start, end);
                String replacement = p.value().isEmpty() ? null : p.value();
                if (replacement != null && Character.isUpperCase(phrase.charAt(0))) {
                    replacement = Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
                }
                findings.at(dimension(), "wordy-phrase", Severity.INFO, null, start, end,
                        "'" + phrase + "' is wordy",
                        replacement == null ? "Drop it and state the point." : "Write '" + replacement + "'.",
                        replacement);
                return p.words().length;
            }
        }
        return 0;
    }

    private static boolean isWeakModal(PrdDocument doc, int i, boolean rfc2119) {
        String w = doc.tLower[i];
        if (!(w.equals("should") || w.equals("may") || w.equals("might"))) {
            return false;
        }
        if (!(doc.tokenIn(i, Dimension.REQUIREMENTS) || doc.tokenIn(i, Dimension.NFR)
                || doc.tokenIn(i, Dimension.ACCEPTANCE_CRITERIA))) {
            return false;
        }
        if (rfc2119 && !w.equals("might") && isUpperCase(doc.text, doc.tStart[i], doc.tEnd[i])) {
            return false;
        }
        // "May 2027", "15 May": the month
        boolean dated = (i + 1 < doc.tokenCount && doc.tMeasure[i + 1] && doc.tGlued[i + 1])
                || (i > 0 && doc.tMeasure[i - 1] && doc.tGlued[i]);
        return !(w.equals("may") && dated);
    }

    private static boolean isUpperCase(String text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (Character.isLowerCase(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** "RFC 2119", "RFC 8174", "RFC2119", "BCP 14" anywhere in the prose. */
    static boolean citesRfc2119(PrdDocument doc) {
        for (int i = 0; i < doc.tokenCount; i++) {
            String w = doc.tLower[i];
            if (w.equals("rfc2119") || w.equals("rfc8174")) {
                return true;
            }
            if (i + 1 < doc.tokenCount && ((w.equals("rfc")
                    && (doc.tLower[i + 1].equals("2119") || doc.tLower[i + 1].equals("8174")))
                    || (w.equals("bcp") && doc.tLower[i + 1].equals("14")))) {
                return true;
            }
        }
        return false;
    }
}
