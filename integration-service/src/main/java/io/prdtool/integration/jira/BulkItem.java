package io.prdtool.integration.jira;

/**
 * The outcome of one element of a bulk create, by its position in the request: either the created issue, or the
 * status and the (redacted) error messages Jira gave for that element.
 */
public record BulkItem(int index, CreatedIssue issue, Integer status, String error) {

    public boolean created() {
        return issue != null;
    }
}
