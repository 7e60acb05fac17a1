package io.prdtool.ai.critique;

import java.util.List;
import java.util.Set;

/**
 * Users and stories: a users/personas section or named personas (30), user stories "As a ..., I want ..." anywhere
 * (40), each with a "so that" benefit (30, pro rata); stories for a generic "user" cost 5 each, up to 20.
 */
final class UserStoriesCheck implements DimensionCheck {

    private static final Set<String> GENERIC_PERSONAS = Set.of("user", "users", "customer", "customers", "person",
            "people", "someone", "anyone", "stakeholder", "end user", "end-user");

    @Override
    public Dimension dimension() {
        return Dimension.USERS_STORIES;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        Review.Presence presence = review.presence(d);
        List<Review.Story> stories = review.stories();
        if (presence == Review.Presence.MISSING && stories.isEmpty()) {
            review.sectionMissing(d, "No users or user stories",
                    "Name the personas and write stories: 'As a <persona>, I want <capability> so that <benefit>'.");
            return 0;
        }
        boolean namedPersona = stories.stream().anyMatch(s -> !GENERIC_PERSONAS.contains(s.persona()));
        int score = presence == Review.Presence.PRESENT || namedPersona
                ? 30
                : presence == Review.Presence.EMPTY ? 10 : 0;
        if (stories.isEmpty()) {
            review.findings.document(d, "stories-missing", Severity.WARNING, "No user stories",
                    "Write the key needs as 'As a <persona>, I want <capability> so that <benefit>'.");
            return score;
        }
        int withBenefit = 0;
        int generic = 0;
        for (Review.Story s : stories) {
            if (s.hasBenefit()) {
                withBenefit++;
            } else {
                review.findings.at(d, "story-without-benefit", Severity.INFO, "story-without-benefit", s.start(),
                        s.anchorEnd(), "This story has no 'so that': its benefit is missing",
                        "Add 'so that <benefit>', so the team can weigh trade-offs.", null);
            }
            if (GENERIC_PERSONAS.contains(s.persona())) {
                generic++;
                review.findings.at(d, "story-generic-persona", Severity.INFO, "story-generic-persona",
                        s.personaStart(), s.personaEnd(), "'" + s.persona() + "' is not a persona",
                        "Say who: 'As a first-time reviewer', 'As an org admin'.", null);
            }
        }
        score += 40 + (int) Math.round(30.0 * withBenefit / stories.size()) - Math.min(20, 5 * generic);
        return score;
    }
}
