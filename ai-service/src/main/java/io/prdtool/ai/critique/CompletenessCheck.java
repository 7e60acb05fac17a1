package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Unfinished content: placeholders (TBD, TBC, TBA, "to be determined", TODO and FIXME in capitals, "???", lorem
 * ipsum) in prose and headings, and empty sections (a heading with no content in its whole sub-tree; only the
 * outermost of nested empty headings is reported). Score: 100 less 10 per placeholder and 15 per empty section.
 */
final class CompletenessCheck implements DimensionCheck {

    static final String BAND = "placeholder";

    private static final Set<String> ANY_CASE = Set.of("tbd", "tbc", "tba", "tbr");
    private static final Set<String> UPPER_CASE = Set.of("todo", "fixme");
    private static final Set<String> TO_BE = Set.of("determined", "decided", "confirmed", "defined", "written",
            "added");

    private record Placeholder(int start, int end, boolean lorem) {
    }

    @Override
    public Dimension dimension() {
        return Dimension.COMPLETENESS;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        PrdDocument doc = review.doc;
        if (doc.tokenCount == 0 && doc.parts.stream().noneMatch(p -> p.end() > p.start())) {
            review.findings.document(d, "document-empty", Severity.CRITICAL, "The document is empty",
                    "Start from the PRD template: problem, goals, users, requirements.");
            return 0;
        }
        List<Placeholder> placeholders = placeholders(doc);
        for (Placeholder p : placeholders) {
            String found = doc.text.substring(p.start(), p.end());
            if (p.lorem()) {
                review.findings.at(d, "lorem-ipsum", Severity.WARNING, BAND, p.start(), p.end(),
                        "'" + found + "' is filler text", "Replace it with the real content.", null);
            } else {
                review.findings.at(d, "placeholder", Severity.WARNING, BAND, p.start(), p.end(),
                        "'" + found + "' marks unfinished content",
                        "Decide it, or move it to Open questions with an owner and a date.", null);
            }
        }
        int empty = 0;
        for (PrdDocument.Section s : doc.sections) {
            if (!s.hasContent && (s.parent < 0 || doc.sections.get(s.parent).hasContent)) {
                empty++;
                review.findings.at(d, "section-empty", Severity.WARNING, null, s.start, s.lineEnd,
                        "The section '" + review.headingText(s) + "' is empty",
                        "Write it, or delete the heading if it does not apply.", null);
            }
        }
        return Math.max(0, 100 - 10 * placeholders.size() - 15 * empty);
    }

    private static List<Placeholder> placeholders(PrdDocument doc) {
        List<Placeholder> out = new ArrayList<>();
        for (int i = 0; i < doc.tokenCount; i++) {
            String w = doc.tLower[i];
            if (ANY_CASE.contains(w) || (UPPER_CASE.contains(w) && isUpper(doc, i))) {
                out.add(new Placeholder(doc.tStart[i], doc.tEnd[i], false));
            } else if (w.equals("to") && i + 2 < doc.tokenCount && TO_BE.contains(doc.tLower[i + 2])
                    && doc.matches(i, new String[]{"to", "be", doc.tLower[i + 2]})) {
                out.add(new Placeholder(doc.tStart[i], doc.tEnd[i + 2], false));
                i += 2;
            } else if (w.equals("lorem") && doc.matches(i, new String[]{"lorem", "ipsum"})) {
                out.add(new Placeholder(doc.tStart[i], doc.tEnd[i + 1], true));
                i++;
            }
        }
        for (int[] run : doc.questionRuns) {
            out.add(new Placeholder(run[0], run[1], false));
        }
        out.sort(Comparator.comparingInt(Placeholder::start));
        return out;
    }

    private static boolean isUpper(PrdDocument doc, int i) {
        for (int k = doc.tStart[i]; k < doc.tEnd[i]; k++) {
            if (Character.isLowerCase(doc.text.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
