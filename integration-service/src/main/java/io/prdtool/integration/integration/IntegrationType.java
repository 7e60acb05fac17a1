package io.prdtool.integration.integration;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of external target, lowercase on the wire and in the database. */
public enum IntegrationType {

    JIRA, CONFLUENCE, SLACK, MATTERMOST, TEAMS, CRAFT, GIT, WEBHOOK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Chat targets: PRD events become messages; some take personal notifications too. */
    public boolean chat() {
        return this == SLACK || this == MATTERMOST || this == TEAMS;
    }

    public static Optional<IntegrationType> fromWire(String s) {
        if (s == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(IntegrationType::wire).toList();
    }
}
