package io.prdtool.ai.critique;

/** The checks of one dimension: report findings, return the score. One implementation per dimension (or family). */
interface DimensionCheck {

    Dimension dimension();

    /** Adds this dimension's findings to {@code review.findings} and returns its score, 0..100. */
    int review(Review review);
}
