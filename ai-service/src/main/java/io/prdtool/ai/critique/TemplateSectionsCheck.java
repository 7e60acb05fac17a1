package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections the PRD's template requires. A required section is present when a heading contains its words, leading
 * numbering aside ("2. Rollout" is found in "Rollout plan"), or when the required heading names a dimension (through
 * the rubric's synonyms) that a heading of the PRD names too ("Objectives" satisfies a required "Goals"). Score: the
 * present share. Only scored when the template lists sections.
 */
final class TemplateSectionsCheck implements DimensionCheck {

    @Override
    public Dimension dimension() {
        return Dimension.TEMPLATE_SECTIONS;
    }

    @Override
    public int review(Review review) {
        Map<String, String> required = new LinkedHashMap<>(); // normalised -> as given
        for (String s : review.templateSections) {
            List<String> words = s == null ? List.of() : Words.of(s);
            int numbering = 0; // "2. Rollout" requires "Rollout"
            while (numbering < words.size() && words.get(numbering).chars().allMatch(Character::isDigit)) {
                numbering++;
            }
            if (numbering < words.size()) {
                required.putIfAbsent(String.join(" ", words.subList(numbering, words.size())), s.strip());
            }
        }
        if (required.isEmpty()) {
            return 100;
        }
        PrdDocument doc = review.doc;
        int documentDims = 0;
        List<List<String>> headings = new ArrayList<>();
        for (PrdDocument.Section s : doc.sections) {
            documentDims |= s.ownDims;
            headings.add(Arrays.asList(doc.tLower).subList(s.tokenFrom, s.tokenTo));
        }
        int present = 0;
        for (Map.Entry<String, String> e : required.entrySet()) {
            List<String> words = Words.of(e.getKey());
            boolean found = (review.rubric.dimensionsNamedBy(words) & documentDims) != 0
                    || headings.stream().anyMatch(h -> Collections.indexOfSubList(h, words) >= 0);
            if (found) {
                present++;
            } else {
                review.findings.document(dimension(), "template-section-missing", Severity.WARNING,
                        "The template's section '" + e.getValue() + "' is missing",
                        "Add a '" + e.getValue() + "' section, or leave it out of the template if it does not apply.");
            }
        }
        return (int) Math.round(100.0 * present / required.size());
    }
}
