package io.prdtool.ai.critique;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one review.
 *
 * @param rubricVersion {@link Rubric#version()} of the rubric used: same version and same Markdown give the same
 *        critique, so a critique can be cached by (content hash, rubric version)
 * @param overallScore the weighted mean of {@code scores} (0..100)
 * @param scores dimension id to 0..100, in {@link Dimension} order; a disabled dimension is absent, and so is
 *        {@code template_sections} when no template sections were given
 * @param findings document-level findings first, then anchored ones in document order, then summaries of findings
 *        left out by the per-rule cap
 */
public record Critique(String rubricVersion, int overallScore, Map<String, Integer> scores, List<Finding> findings) {

    public Critique {
        Objects.requireNonNull(rubricVersion, "rubricVersion");
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        findings = List.copyOf(findings);
    }
}
