package io.prdtool.ai.critique;

import java.util.List;

/**
 * Risks: a risks section whose every risk has a mitigation, either in a table column named like "Mitigation" or in
 * the risk's own text ("mitigation", "mitigate", "fallback", "contingency" ...). Score: the mitigated share.
 */
final class RisksCheck implements DimensionCheck {

    private static final List<String> MITIGATION_COLUMNS = List.of("mitigation", "response", "plan", "contingency");
    private static final List<String> MITIGATION_WORDS = List.of("mitigat", "fallback", "contingency", "workaround",
            "remediat", "countermeasure");

    @Override
    public Dimension dimension() {
        return Dimension.RISKS;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        switch (review.presence(d)) {
            case MISSING -> {
                review.sectionMissing(d, "No risks section", "List the risks, each with a mitigation.");
                return 0;
            }
            case EMPTY -> {
                return 10;
            }
            default -> {
            }
        }
        List<Unit> risks = Unit.collect(review.doc, d, true, false);
        if (risks.isEmpty()) {
            return 30;
        }
        int mitigated = 0;
        for (Unit r : risks) {
            if (mitigated(review.doc, r)) {
                mitigated++;
            } else {
                review.findings.at(d, "risk-without-mitigation", Severity.WARNING, "risk-without-mitigation",
                        r.start(), r.anchorEnd(), "This risk has no mitigation",
                        "Say how you will make it less likely, or what you will do if it happens.", null);
            }
        }
        return (int) Math.round(100.0 * mitigated / risks.size());
    }

    private static boolean mitigated(PrdDocument doc, Unit r) {
        for (int c = 0; c < r.header().size(); c++) {
            String column = r.header().get(c);
            if (MITIGATION_COLUMNS.stream().anyMatch(column::contains)) {
                return c < r.cells().size() && !Words.of(r.cells().get(c)).stream()
                        .allMatch(PrdDocument.PLACEHOLDER_WORDS::contains);
            }
        }
        for (int i = r.tokenFrom(); i < r.tokenTo(); i++) {
            String w = doc.tLower[i];
            if (MITIGATION_WORDS.stream().anyMatch(w::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
