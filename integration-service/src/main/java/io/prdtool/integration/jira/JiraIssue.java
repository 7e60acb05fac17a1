package io.prdtool.integration.jira;

import java.util.List;

/**
 * An issue as a search returns it: key, summary, status (name and category key {@code new}, {@code indeterminate},
 * {@code done}), parent key and labels. Fields the search did not return are null (labels: empty).
 */
public record JiraIssue(String id, String key, String summary, String status, String statusCategory,
        String parentKey, List<String> labels) {

    public boolean done() {
        return "done".equals(statusCategory);
    }
}
