package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Acceptance criteria per functional requirement (per user story when the PRD lists no requirements). A requirement
 * has criteria when its scope (from it to the next requirement, within its section) holds Given/When/Then, a checklist
 * item ("- [ ] ..."), or an "Acceptance criteria" label with content; or when an acceptance-criteria section mentions
 * its ID. Score: the share of requirements with criteria. A PRD with no criteria anywhere gets one
 * {@code section-missing} instead of one finding per requirement.
 */
final class AcceptanceCriteriaCheck implements DimensionCheck {

    private record Target(int start, int anchorEnd, int limit, String idKey, String what) {
    }

    @Override
    public Dimension dimension() {
        return Dimension.ACCEPTANCE_CRITERIA;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        PrdDocument doc = review.doc;
        List<Target> targets = targets(review);
        boolean anywhere = review.presence(d) == Review.Presence.PRESENT || doc.checklistCount > 0
                || hasCriteria(doc, 0, doc.text.length());
        if (!anywhere) {
            review.sectionMissing(d, "No acceptance criteria",
                    "Give each requirement testable criteria: Given/When/Then, or a checklist.");
            return 0;
        }
        if (targets.isEmpty()) {
            return 70;
        }
        Set<String> referenced = new HashSet<>();
        for (int i = 0; i < doc.tokenCount; i++) {
            if (doc.tokenIn(i, d) && Unit.idAt(doc.text, doc.tStart[i], doc.tEnd[i]) != null) {
                referenced.add(Unit.normaliseId(doc.tLower[i]));
            }
        }
        int covered = 0;
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            int scopeEnd = target.limit();
            if (t + 1 < targets.size()) {
                scopeEnd = Math.min(scopeEnd, targets.get(t + 1).start());
            }
            if ((target.idKey() != null && referenced.contains(target.idKey()))
                    || doc.hasChecklistItemIn(target.start(), scopeEnd)
                    || hasCriteria(doc, target.start(), scopeEnd)) {
                covered++;
            } else {
                review.findings.at(d, "criteria-missing", Severity.WARNING, "criteria-missing", target.start(),
                        target.anchorEnd(), "No acceptance criteria for this " + target.what(),
                        "Add Given/When/Then or a checklist that a tester can pass or fail.", null);
            }
        }
        return (int) Math.round(100.0 * covered / targets.size());
    }

    private static List<Target> targets(Review review) {
        PrdDocument doc = review.doc;
        List<Target> out = new ArrayList<>();
        for (Unit u : review.requirements()) {
            out.add(new Target(u.start(), u.anchorEnd(), doc.sections.get(u.section()).end,
                    u.hasId() ? u.idKey(doc) : null, "requirement"));
        }
        if (out.isEmpty()) {
            for (Review.Story s : review.stories()) {
                int limit = s.section() < 0 ? doc.text.length() : doc.sections.get(s.section()).end;
                out.add(new Target(s.start(), s.anchorEnd(), limit, null, "story"));
            }
        }
        return out;
    }

    /** Given/When/Then ("Given" or "When" opening a sentence, "then" after it), or a labelled criteria block. */
    private static boolean hasCriteria(PrdDocument doc, int from, int to) {
        boolean opened = false;
        int end = doc.tokenAt(to);
        for (int i = doc.tokenAt(from); i < end; i++) {
            String w = doc.tLower[i];
            if ((w.equals("given") || w.equals("when")) && doc.firstInSentence(i)) {
                opened = true;
            } else if (opened && w.equals("then")) {
                return true;
            } else if (w.equals("acceptance") && i + 2 < end && doc.tLower[i + 1].equals("criteria")) {
                return true;
            }
        }
        return false;
    }
}
