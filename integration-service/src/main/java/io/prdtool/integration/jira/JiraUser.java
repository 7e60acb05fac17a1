package io.prdtool.integration.jira;

/** The account the credentials belong to ({@code GET /rest/api/3/myself}). */
public record JiraUser(String accountId, String displayName, String emailAddress) {
}
