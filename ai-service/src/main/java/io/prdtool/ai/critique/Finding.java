package io.prdtool.ai.critique;

import java.util.Objects;

import io.prdtool.ai.text.TextAnchor;

/**
 * One thing the reviewer found.
 *
 * @param rule the rule that fired, e.g. {@code ambiguous-subjective} (RUBRIC.md lists them)
 * @param dimension the dimension id it counts against, e.g. {@code ambiguity}
 * @param severity how much it matters
 * @param message what is wrong, in one short sentence
 * @param hint how to fix it
 * @param anchor the offending text, built from the reviewed Markdown; {@code null} for a document-level finding (a
 *        missing section, a summary of findings left out)
 * @param suggestedText a replacement for {@code anchor.exact()} when a deterministic one is sound, else {@code null}
 */
public record Finding(String rule, String dimension, Severity severity, String message, String hint,
        TextAnchor anchor, String suggestedText) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }
}
