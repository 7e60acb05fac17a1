package io.prdtool.ai.critique;

import java.util.List;
import java.util.Set;

/**
 * Goals and success metrics: every goal (list item, table row or paragraph of a goals section) carries a number, and
 * the number has a unit, a baseline/target or a timeframe. Score: measurable goals count 1, a bare number 0.5.
 */
final class GoalsMetricsCheck implements DimensionCheck {

    /** Units, timeframes, baselines and targets that make a number a metric. */
    private static final Set<String> QUALIFIERS = Set.of("ms", "s", "sec", "secs", "second", "seconds", "min", "mins",
            "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "weekly", "month",
            "months", "monthly", "quarter", "quarters", "quarterly", "year", "years", "yearly", "annually", "sprint",
            "sprints", "release", "launch", "ga", "by", "within", "per", "before", "after", "baseline", "target",
            "from", "users", "customers", "teams", "orgs", "organisations", "organizations", "accounts", "sessions",
            "requests", "percent", "pp", "points", "nps", "csat", "dau", "mau", "wau", "january", "february", "march",
            "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb",
            "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "q1", "q2", "q3", "q4", "h1", "h2");

    @Override
    public Dimension dimension() {
        return Dimension.GOALS_METRICS;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        switch (review.presence(d)) {
            case MISSING -> {
                review.sectionMissing(d, "No goals or success metrics",
                        "Add 'Goals' with one measurable metric per goal: baseline, target and date, e.g. "
                                + "'activation from 40% to 55% by Q3'.");
                return 0;
            }
            case EMPTY -> {
                return 10;
            }
            default -> {
            }
        }
        List<Unit> goals = Unit.collect(review.doc, d, true, false);
        if (goals.isEmpty()) {
            return 20;
        }
        double points = 0;
        for (Unit g : goals) {
            if (!review.measured(g.tokenFrom(), g.tokenTo())) {
                review.findings.at(d, "goal-unmeasurable", Severity.WARNING, "goal-unmeasurable", g.start(),
                        g.anchorEnd(), "This goal has no metric",
                        "Add a number with a baseline, target and date, e.g. 'export success from 92% to 99% by Q3'.",
                        null);
            } else if (!qualified(review.doc, g)) {
                review.findings.at(d, "goal-metric-incomplete", Severity.INFO, "goal-metric-incomplete", g.start(),
                        g.anchorEnd(), "This goal's number has no unit, baseline or timeframe",
                        "Say from what to what, measured how, by when.", null);
                points += 0.5;
            } else {
                points += 1;
            }
        }
        return (int) Math.round(100 * points / goals.size());
    }

    private static boolean qualified(PrdDocument doc, Unit g) {
        for (int k = g.start(); k < g.end(); k++) {
            char c = doc.text.charAt(k);
            if (c == '%' || c == '$' || c == '\u20ac' || c == '\u00a3' || c == '<' || c == '>' || c == '\u2264'
                    || c == '\u2265') {
                return true;
            }
        }
        for (int i = g.tokenFrom(); i < g.tokenTo(); i++) {
            String w = doc.tLower[i];
            if (QUALIFIERS.contains(w) || (doc.tMeasure[i] && (hasLetter(w) || isYear(w)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(String w) {
        for (int k = 0; k < w.length(); k++) {
            if (Character.isLetter(w.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isYear(String w) {
        return w.length() == 4 && (w.startsWith("19") || w.startsWith("20"));
    }
}
