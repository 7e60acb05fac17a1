package io.prdtool.ai.critique;

import java.util.List;
import java.util.Set;

/**
 * The problem statement: present, long enough to say who hurts and how, written from the user's side (some word of
 * pain or cost), and not opening with the solution.
 */
final class ProblemStatementCheck implements DimensionCheck {

    static final int MIN_WORDS = 30;

    private static final Set<String> PAIN = Set.of("problem", "problems", "pain", "painful", "cannot", "can't",
            "unable", "fail", "fails", "failing", "failed", "failure", "lose", "loses", "losing", "lost", "waste",
            "wastes", "wasted", "manual", "manually", "error-prone", "errors", "churn", "churned", "difficult", "hard",
            "today", "currently", "cost", "costs", "delay", "delays", "delayed", "blocked", "blocks", "missing",
            "broken", "complaints", "complain", "frustrated", "frustrating", "frustration", "struggle", "struggles",
            "time-consuming", "tedious", "confusing", "inconsistent", "risk", "slow", "because", "hours", "tickets");
    private static final List<String[]> SOLUTION_OPENERS = List.of(new String[]{"we", "will"},
            new String[]{"we'll"}, new String[]{"we", "are", "going", "to"}, new String[]{"we", "plan", "to"},
            new String[]{"we", "want", "to", "build"}, new String[]{"build"}, new String[]{"implement"},
            new String[]{"create"}, new String[]{"add"}, new String[]{"develop"},
            new String[]{"introduce"}, new String[]{"this", "feature"}, new String[]{"the", "solution"});

    @Override
    public Dimension dimension() {
        return Dimension.PROBLEM_STATEMENT;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        switch (review.presence(d)) {
            case MISSING -> {
                review.sectionMissing(d, "No problem statement",
                        "Add a 'Problem' section: who has the problem, what it costs them today, and how you know.");
                return 0;
            }
            case EMPTY -> {
                return 10;
            }
            default -> {
            }
        }
        PrdDocument doc = review.doc;
        PrdDocument.Section section = review.firstSection(d);
        int words = 0;
        boolean pain = false;
        int first = -1;
        for (int i = 0; i < doc.tokenCount; i++) {
            if (!doc.tokenInHeading(i) && doc.tokenIn(i, d)) {
                words++;
                pain |= PAIN.contains(doc.tLower[i]);
                if (first < 0) {
                    first = i;
                }
            }
        }
        int score = 100;
        if (words < MIN_WORDS) {
            review.findings.at(d, "problem-too-short", Severity.WARNING, null, section.start, section.lineEnd,
                    "The problem statement has only " + words + " word" + (words == 1 ? "" : "s"),
                    "Say who has the problem, what it costs them today, and how you know (data, quotes, tickets).",
                    null);
            score -= 35;
        }
        if (!pain) {
            review.findings.at(d, "problem-no-pain", Severity.INFO, null, section.start, section.lineEnd,
                    "The problem statement does not say what goes wrong today, or for whom",
                    "Describe the user's pain and its cost before any solution.", null);
            score -= 20;
        }
        if (first >= 0) {
            for (String[] opener : SOLUTION_OPENERS) {
                if (doc.matches(first, opener)) {
                    review.findings.at(d, "problem-states-solution", Severity.WARNING, null, doc.tStart[first],
                            doc.tEnd[first + opener.length - 1], "The problem statement opens with a solution",
                            "Lead with the user's problem and its cost; move the solution to the requirements.",
                            null);
                    score -= 25;
                    break;
                }
            }
        }
        return score;
    }
}
