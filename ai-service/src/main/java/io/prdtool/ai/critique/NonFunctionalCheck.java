package io.prdtool.ai.critique;

import java.util.List;

/**
 * Non-functional requirements: each has a measurable target (a quantity: "p95 under 300 ms", "99.9%"). A vague
 * quality word in an unmeasured NFR ("fast", "scalable") is the anchor, and the ambiguity check then leaves that word
 * alone. Score: the measured share.
 */
final class NonFunctionalCheck implements DimensionCheck {

    @Override
    public Dimension dimension() {
        return Dimension.NFR;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        List<Unit> units = review.nfrs();
        Review.Presence presence = review.presence(d);
        if (units.isEmpty()) {
            if (presence == Review.Presence.MISSING) {
                review.sectionMissing(d, "No non-functional requirements",
                        "Add measurable targets for performance, availability, security ..., e.g. "
                                + "'p95 page load under 2 s'.");
                return 0;
            }
            return presence == Review.Presence.EMPTY ? 10 : 20;
        }
        PrdDocument doc = review.doc;
        int measured = 0;
        for (Unit u : units) {
            if (review.measured(u.tokenFrom(), u.tokenTo())) {
                measured++;
                continue;
            }
            int vague = -1;
            for (int i = u.tokenFrom(); i < u.tokenTo() && vague < 0; i++) {
                if (MeasurableExamples.isQualityWord(doc.tLower[i]) && !doc.tokenInHeading(i)) {
                    vague = i;
                }
            }
            if (vague >= 0) {
                String word = doc.text.substring(doc.tStart[vague], doc.tEnd[vague]);
                review.findings.claim(doc.tStart[vague]);
                review.findings.at(d, "nfr-unmeasurable", Severity.WARNING, "nfr-unmeasurable", doc.tStart[vague],
                        doc.tEnd[vague], "'" + word + "' is not measurable",
                        "State a target, e.g. '" + MeasurableExamples.forWord(doc.tLower[vague]) + "'.", null);
            } else {
                review.findings.at(d, "nfr-unmeasurable", Severity.WARNING, "nfr-unmeasurable", u.start(),
                        u.anchorEnd(), "This non-functional requirement has no measurable target",
                        "Add a number, a unit and how it is measured, e.g. '99.9% monthly availability, measured by "
                                + "the uptime probe'.",
                        null);
            }
        }
        return (int) Math.round(100.0 * measured / units.size());
    }
}
