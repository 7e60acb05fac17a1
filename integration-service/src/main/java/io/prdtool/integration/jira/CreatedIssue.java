package io.prdtool.integration.jira;

/** An issue Jira created: its numeric id and its key ({@code PRD-12}). */
public record CreatedIssue(String id, String key) {
}
