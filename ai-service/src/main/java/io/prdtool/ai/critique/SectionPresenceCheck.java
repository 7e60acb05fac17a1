package io.prdtool.ai.critique;

/**
 * The dimensions judged by presence alone: non-goals, dependencies, open questions. 100 when the section has content,
 * 30 when it is empty, 0 when it is missing.
 */
final class SectionPresenceCheck implements DimensionCheck {

    private final Dimension dimension;
    private final String message;
    private final String hint;

    private SectionPresenceCheck(Dimension dimension, String message, String hint) {
        this.dimension = dimension;
        this.message = message;
        this.hint = hint;
    }

    static SectionPresenceCheck nonGoals() {
        return new SectionPresenceCheck(Dimension.NON_GOALS, "No non-goals section",
                "Add 'Non-goals' with what this release will not do, so scope debates have an answer.");
    }

    static SectionPresenceCheck dependencies() {
        return new SectionPresenceCheck(Dimension.DEPENDENCIES, "No dependencies or assumptions section",
                "List the teams, systems and assumptions this work relies on.");
    }

    static SectionPresenceCheck openQuestions() {
        return new SectionPresenceCheck(Dimension.OPEN_QUESTIONS, "No open questions section",
                "List what is still undecided, each with an owner, or say that nothing is open.");
    }

    @Override
    public Dimension dimension() {
        return dimension;
    }

    @Override
    public int review(Review review) {
        return switch (review.presence(dimension)) {
            case MISSING -> {
                review.sectionMissing(dimension, message, hint);
                yield 0;
            }
            case EMPTY -> 30;
            case PRESENT -> 100;
        };
    }
}
