package io.prdtool.integration.jira;

import io.prdtool.integration.http.HttpAuth;

/**
 * A Jira site we call: its base URL ({@code https://acme.atlassian.net}; never derived from an answer's {@code self}
 * link) and its credentials: {@link HttpAuth.Basic} with e-mail and API token for Jira Cloud, {@link HttpAuth.Bearer}
 * with a personal access token for Data Center. {@code toString} shows no secret.
 */
public record JiraSite(String baseUrl, HttpAuth auth) {

    public JiraSite {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String url(String path) {
        return baseUrl + path;
    }
}
