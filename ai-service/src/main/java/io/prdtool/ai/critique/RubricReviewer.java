package io.prdtool.ai.critique;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The offline PRD reviewer: a deterministic critique of a Markdown PRD against a {@link Rubric}, with no LLM. Plain
 * Java, stateless and thread-safe; the same Markdown, rubric and template sections give the same critique, byte for
 * byte.
 *
 * <p>
 * Each enabled dimension is scored 0..100 by its {@link DimensionCheck}; the overall score is the mean of the scores
 * weighted by the rubric (dimensions with weight 0 are left out; 0 when none is left). Every anchored finding's
 * {@code anchor.start()} indexes the input Markdown exactly. RUBRIC.md in the module lists the dimensions, rules and
 * adjustments.
 */
public final class RubricReviewer {

    /** Version of the rules below; part of {@link Rubric#version()}. Bump it when a rule's behaviour changes. */
    static final int RULES_VERSION = 1;

    /** In {@link Dimension} order, which is also the order they run in: NFR claims words before ambiguity. */
    private static final List<DimensionCheck> CHECKS = List.of(new ProblemStatementCheck(), new GoalsMetricsCheck(),
            SectionPresenceCheck.nonGoals(), new UserStoriesCheck(), new AcceptanceCriteriaCheck(),
            new RequirementsCheck(), new NonFunctionalCheck(), new AmbiguityCheck(), new CompletenessCheck(),
            new RisksCheck(), SectionPresenceCheck.dependencies(), SectionPresenceCheck.openQuestions(),
            new TemplateSectionsCheck());

    static {
        for (Dimension d : Dimension.values()) {
            if (CHECKS.get(d.ordinal()).dimension() != d) {
                throw new IllegalStateException("CHECKS must list one check per dimension, in Dimension order");
            }
        }
    }

    public Critique review(String markdown, Rubric rubric) {
        return review(markdown, rubric, List.of());
    }

    /**
     * @param templateSections the headings the PRD's template requires; empty (or null) when there is no template,
     *        and then {@code template_sections} is not scored
     */
    public Critique review(String markdown, Rubric rubric, List<String> templateSections) {
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(rubric, "rubric");
        List<String> templates = templateSections == null ? List.of() : templateSections;
        Review review = new Review(PrdDocument.parse(markdown, rubric), rubric, templates);
        Map<String, Integer> scores = new LinkedHashMap<>();
        long weighted = 0;
        long weights = 0;
        for (DimensionCheck check : CHECKS) {
            Dimension d = check.dimension();
            if (!rubric.enabled(d) || (d == Dimension.TEMPLATE_SECTIONS && templates.isEmpty())) {
                continue;
            }
            int score = Math.max(0, Math.min(100, check.review(review)));
            scores.put(d.id(), score);
            weighted += (long) score * rubric.weight(d);
            weights += rubric.weight(d);
        }
        int overall = weights == 0 ? 0 : (int) Math.round((double) weighted / weights);
        return new Critique(rubric.version(), overall, scores, review.findings.build(rubric.maxFindingsPerRule()));
    }
}
