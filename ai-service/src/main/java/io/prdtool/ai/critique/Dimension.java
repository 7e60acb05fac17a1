package io.prdtool.ai.critique;

import java.util.Optional;

/**
 * What a PRD is scored on. {@link #id()} is the wire name (scores, findings, rubric JSON); the declaration order is
 * the order of {@link Critique#scores()}.
 */
public enum Dimension {

    PROBLEM_STATEMENT("problem_statement", 3, Severity.CRITICAL), GOALS_METRICS("goals_metrics", 3,
            Severity.CRITICAL), NON_GOALS("non_goals", 1, Severity.WARNING), USERS_STORIES("users_stories", 2,
                    Severity.WARNING), ACCEPTANCE_CRITERIA("acceptance_criteria", 2,
                            Severity.WARNING), REQUIREMENTS("requirements", 3, Severity.CRITICAL), NFR("nfr", 2,
                                    Severity.WARNING), AMBIGUITY("ambiguity", 2, null), COMPLETENESS("completeness", 2,
                                            null), RISKS("risks", 1, Severity.WARNING), DEPENDENCIES("dependencies", 1,
                                                    Severity.INFO), OPEN_QUESTIONS("open_questions", 1,
                                                            Severity.INFO), TEMPLATE_SECTIONS("template_sections", 2,
                                                                    null);

    private final String id;
    private final int defaultWeight;
    private final Severity missingSeverity;

    Dimension(String id, int defaultWeight, Severity missingSeverity) {
        this.id = id;
        this.defaultWeight = defaultWeight;
        this.missingSeverity = missingSeverity;
    }

    public String id() {
        return id;
    }

    public int defaultWeight() {
        return defaultWeight;
    }

    /** Whether the dimension is found by a section heading (and so has heading synonyms). */
    public boolean sectioned() {
        return missingSeverity != null;
    }

    /** Severity of {@code section-missing} for this dimension; {@code null} when not {@link #sectioned()}. */
    Severity missingSeverity() {
        return missingSeverity;
    }

    int bit() {
        return 1 << ordinal();
    }

    public static Optional<Dimension> fromId(String id) {
        for (Dimension d : values()) {
            if (d.id.equals(id)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
