package io.prdtool.ai.critique;

/** The kinds of ambiguous term in the rubric's lexicon, each reported by its own rule. */
enum TermCategory {

    /** Words that sound like a requirement but cannot be tested: "fast", "intuitive". */
    SUBJECTIVE("subjective", "ambiguous-subjective", true),
    /** Counts without a number: "several", "many". */
    QUANTIFIER("quantifier", "ambiguous-quantifier", true),
    /** Clauses that let anyone off: "if possible", "as appropriate". */
    ESCAPE_CLAUSE("escape_clause", "ambiguous-escape-clause", false),
    /** Lists that never end: "etc.", "and so on". */
    OPEN_ENDED("open_ended", "ambiguous-open-ended", false),
    /** Comparisons without a baseline: "faster", "improved", "minimize". */
    COMPARATIVE("comparative", "ambiguous-comparative", true),
    /** The organisation's own additions ({@code ambiguousTerms.add}). */
    CUSTOM("custom", "ambiguous-term", false);

    final String id;
    final String rule;
    /** A number in the same sentence ("fast: p95 under 300 ms") makes the term measured, so it is not flagged. */
    final boolean excusedByNumber;

    TermCategory(String id, String rule, boolean excusedByNumber) {
        this.id = id;
        this.rule = rule;
        this.excusedByNumber = excusedByNumber;
    }
}
