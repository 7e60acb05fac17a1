package io.prdtool.integration.confluence;

import io.prdtool.integration.http.HttpAuth;

/**
 * A Confluence Cloud site: base URL ({@code https://acme.atlassian.net}; the API lives under {@code /wiki/api/v2}) and
 * credentials ({@link HttpAuth.Basic} with e-mail and API token). {@code toString} shows no secret.
 */
public record ConfluenceSite(String baseUrl, HttpAuth auth) {

    public ConfluenceSite {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String api(String path) {
        return baseUrl + "/wiki/api/v2" + path;
    }
}
