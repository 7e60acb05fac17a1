package io.prdtool.ai.critique;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in vocabulary of the rubric: heading synonyms per dimension and the ambiguous-term lexicon. Sources: BMAD
 * validation steps v-03/v-05, INCOSE Guide for Writing Requirements (R7-R9), Wiegers' ambiguous-terms table, RFC
 * 2119/8174 (see /work/shared/notes/ai-service.md section 5). Organisations extend it through {@link Rubric#fromJson}.
 */
final class RubricDefaults {

    static final int MAX_FINDINGS_PER_RULE = 20;

    /**
     * Heading phrases that mark a section, matched case-insensitively as whole words anywhere in a heading ("2.
     * Goals and success metrics"). A phrase inside a longer phrase of another dimension does not count: "requirements"
     * inside "non-functional requirements" is NFR only.
     */
    static final Map<Dimension, List<String>> SECTION_SYNONYMS = synonyms();

    static final Map<TermCategory, List<String>> TERMS = terms();

    private RubricDefaults() {
    }

    private static Map<Dimension, List<String>> synonyms() {
        Map<Dimension, List<String>> m = new EnumMap<>(Dimension.class);
        m.put(Dimension.PROBLEM_STATEMENT, List.of("problem", "problems", "problem statement", "background", "context",
                "motivation", "why", "why now", "opportunity", "pain points", "current state", "overview"));
        m.put(Dimension.GOALS_METRICS, List.of("goals", "goal", "objectives", "objective", "success metrics", "metrics",
                "success criteria", "kpis", "okrs", "outcomes", "measures of success"));
        m.put(Dimension.NON_GOALS, List.of("non-goals", "non goals", "nongoals", "non-goal", "out of scope",
                "not in scope", "not doing", "anti-goals", "exclusions"));
        m.put(Dimension.USERS_STORIES, List.of("users", "target users", "personas", "persona", "user personas",
                "user stories", "stories", "use cases", "audience", "target audience", "customers", "jobs to be done"));
        m.put(Dimension.ACCEPTANCE_CRITERIA, List.of("acceptance criteria", "acceptance tests", "acceptance",
                "definition of done"));
        m.put(Dimension.REQUIREMENTS, List.of("requirements", "requirement", "functional requirements", "functional",
                "features", "feature requirements", "scope", "in scope", "functional specification"));
        m.put(Dimension.NFR, List.of("non-functional requirements", "non functional requirements",
                "nonfunctional requirements", "non-functional", "nonfunctional", "nfr", "nfrs", "quality attributes",
                "quality requirements", "performance", "performance requirements", "reliability",
                "reliability requirements", "scalability", "availability", "security", "security requirements",
                "technical requirements",
                "service level objectives", "slos"));
        m.put(Dimension.RISKS, List.of("risks", "risk", "risks and mitigations", "threats"));
        m.put(Dimension.DEPENDENCIES,
                List.of("dependencies", "dependency", "assumptions", "assumptions and dependencies",
                        "external dependencies", "prerequisites", "constraints"));
        m.put(Dimension.OPEN_QUESTIONS, List.of("open questions", "questions", "open issues", "unresolved questions",
                "unknowns"));
        return m;
    }

    private static Map<TermCategory, List<String>> terms() {
        Map<TermCategory, List<String>> m = new EnumMap<>(TermCategory.class);
        m.put(TermCategory.SUBJECTIVE, List.of("easy", "easily", "easy to use", "easy-to-use", "fast", "quick",
                "quickly", "simple", "intuitive", "intuitively", "user-friendly", "user friendly", "responsive",
                "efficient", "efficiently", "robust", "seamless", "seamlessly", "flexible", "scalable", "performant",
                "powerful", "lightweight", "smooth", "smoothly", "straightforward", "convenient", "adequate",
                "reasonable", "reasonably", "sufficient", "appropriate", "acceptable", "state-of-the-art",
                "best-in-class", "world-class", "rapid", "rapidly", "instant", "instantly", "significant",
                "significantly", "transparent", "versatile"));
        m.put(TermCategory.QUANTIFIER, List.of("several", "some", "many", "few", "a few", "various", "multiple",
                "numerous", "a lot of", "lots of", "a number of", "a handful of"));
        m.put(TermCategory.ESCAPE_CLAUSE, List.of("if possible", "as appropriate", "where necessary",
                "where possible", "as needed", "if needed", "if necessary", "as far as practicable",
                "as far as possible", "when appropriate", "where appropriate", "if feasible", "to the extent possible",
                "as applicable", "where applicable"));
        m.put(TermCategory.OPEN_ENDED, List.of("etc.", "and so on", "and so forth", "including but not limited to",
                "among others", "or similar", "and more"));
        m.put(TermCategory.COMPARATIVE, List.of("better", "faster", "easier", "simpler", "quicker", "improved",
                "enhanced", "optimize", "optimise", "optimized", "optimised", "optimal", "minimize", "minimise",
                "maximize", "maximise"));
        m.put(TermCategory.CUSTOM, List.of());
        return m;
    }
}
