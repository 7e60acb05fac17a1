package io.prdtool.ai.critique;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.prdtool.ai.text.TextAnchor;

/** Test helpers: golden PRDs, reviews, and the anchor invariant. */
final class Prds {

    static final RubricReviewer REVIEWER = new RubricReviewer();

    private Prds() {
    }

    static String golden(String name) {
        try (InputStream in = Prds.class.getResourceAsStream("/critique/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Critique review(String markdown) {
        return review(markdown, Rubric.defaults());
    }

    static Critique review(String markdown, Rubric rubric) {
        Critique c = REVIEWER.review(markdown, rubric);
        assertAnchorsQuoteTheInput(markdown, c);
        return c;
    }

    /** Every anchor indexes the input exactly, and locates back to itself. */
    static void assertAnchorsQuoteTheInput(String markdown, Critique c) {
        for (Finding f : c.findings()) {
            TextAnchor a = f.anchor();
            if (a != null) {
                assertThat(markdown.substring(a.start(), a.start() + a.exact().length()))
                        .as("anchor of %s", f)
                        .isEqualTo(a.exact());
                assertThat(a.locate(markdown)).as("locate of %s", f).hasValue(a.start());
            }
        }
    }

    static List<Finding> withRule(Critique c, String rule) {
        return c.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    static List<Finding> ofDimension(Critique c, String dimension) {
        return c.findings().stream().filter(f -> f.dimension().equals(dimension)).toList();
    }

    /** The start of the n-th (0-based) occurrence of {@code quote} in {@code text}. */
    static int nth(String text, String quote, int n) {
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = text.indexOf(quote, at + 1);
            assertThat(at).as("occurrence %d of '%s'", i, quote).isNotNegative();
        }
        return at;
    }
}
