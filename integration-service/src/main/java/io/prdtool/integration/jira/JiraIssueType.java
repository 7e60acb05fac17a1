package io.prdtool.integration.jira;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An issue type a project offers for creation. {@code hierarchyLevel} is 1 for epics, 0 for standard types (story,
 * task), -1 for sub-tasks.
 */
public record JiraIssueType(String id, String name, boolean subtask, int hierarchyLevel) {

    /** The project's epic type: hierarchy level 1, else the one named "Epic". */
    public static Optional<JiraIssueType> epic(List<JiraIssueType> types) {
        return types.stream().filter(t -> t.hierarchyLevel() == 1).findFirst()
                .or(() -> named(types, "epic"));
    }

    /** The type for a requirement under the epic: "Story", else "Task", else any standard (level 0) type. */
    public static Optional<JiraIssueType> child(List<JiraIssueType> types) {
        return named(types, "story").or(() -> named(types, "task"))
                .or(() -> types.stream().filter(t -> !t.subtask() && t.hierarchyLevel() == 0).findFirst());
    }

    private static Optional<JiraIssueType> named(List<JiraIssueType> types, String name) {
        return types.stream().filter(t -> !t.subtask() && t.name() != null
                && t.name().toLowerCase(Locale.ROOT).equals(name)).findFirst();
    }
}
