package io.prdtool.ai.critique;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Functional requirements: listed as items, each numbered (an ID like FR-3, or an ordered list) with a unique ID, and
 * in the form "[actor] can/must ...". Technology names inside a requirement are reported as design leaking in.
 * Score: half numbered share, half form share, less 5 per duplicate ID.
 */
final class RequirementsCheck implements DimensionCheck {

    private static final Set<String> FORM_WORDS = Set.of("can", "cannot", "can't", "must", "shall", "will", "won't",
            "should", "may", "might", "able", "allow", "allows", "lets", "enable", "enables", "need", "needs");
    private static final Set<String> TECHNOLOGIES = Set.of("react", "angular", "vue", "svelte", "jquery",
            "postgresql", "postgres", "mysql", "mongodb", "redis", "kafka", "rabbitmq", "kubernetes", "k8s", "docker",
            "elasticsearch", "graphql", "grpc", "aws", "gcp", "azure", "lambda", "dynamodb", "s3", "quarkus", "spring",
            "django", "rails", "microservice", "microservices", "websocket", "websockets");

    @Override
    public Dimension dimension() {
        return Dimension.REQUIREMENTS;
    }

    @Override
    public int review(Review review) {
        Dimension d = dimension();
        switch (review.presence(d)) {
            case MISSING -> {
                review.sectionMissing(d, "No requirements section",
                        "Add 'Requirements' with numbered items (FR-1, FR-2 ...) of the form "
                                + "'<actor> can <capability>'.");
                return 0;
            }
            case EMPTY -> {
                return 10;
            }
            default -> {
            }
        }
        PrdDocument doc = review.doc;
        List<Unit> units = review.requirements();
        if (units.isEmpty()) {
            PrdDocument.Section s = review.firstSection(d);
            review.findings.at(d, "requirements-unlisted", Severity.WARNING, null, s.start, s.lineEnd,
                    "The requirements are prose, not a list",
                    "List each requirement as its own item: 'FR-1: <actor> can <capability>'.", null);
            return 20;
        }
        int numbered = 0;
        int formed = 0;
        int duplicates = 0;
        Set<String> ids = new HashSet<>();
        for (Unit u : units) {
            if (u.hasId()) {
                numbered++;
                if (!ids.add(u.idKey(doc))) {
                    duplicates++;
                    review.findings.at(d, "requirement-duplicate-id", Severity.WARNING, null, u.idStart(), u.idEnd(),
                            "'" + u.id(doc) + "' is already the ID of an earlier requirement",
                            "Give each requirement its own ID.", null);
                }
            } else if (u.ordered()) {
                numbered++;
            } else {
                review.findings.at(d, "requirement-unnumbered", Severity.INFO, "requirement-unnumbered", u.start(),
                        u.anchorEnd(), "This requirement has no ID",
                        "Number it (FR-1, FR-2 ...) so stories, tests and tickets can refer to it.", null);
            }
            boolean form = false;
            for (int i = u.tokenFrom(); i < u.tokenTo(); i++) {
                String w = doc.tLower[i];
                form |= FORM_WORDS.contains(w);
                if (TECHNOLOGIES.contains(w) && !doc.tokenInHeading(i)) {
                    review.findings.at(d, "requirement-implementation-detail", Severity.INFO,
                            "requirement-implementation-detail", doc.tStart[i], doc.tEnd[i],
                            "'" + doc.text.substring(doc.tStart[i], doc.tEnd[i])
                                    + "' is a technology choice inside a requirement",
                            "State the capability; leave the technology to the design.", null);
                }
            }
            if (form) {
                formed++;
            } else {
                review.findings.at(d, "requirement-form", Severity.INFO, "requirement-form", u.start(), u.anchorEnd(),
                        "This requirement does not say who can do what",
                        "Write '<actor> can <capability>' or '<system> must <behaviour>'.", null);
            }
        }
        double share = 0.5 * numbered / units.size() + 0.5 * formed / units.size();
        return Math.max(0, (int) Math.round(100 * share) - 5 * duplicates);
    }
}
