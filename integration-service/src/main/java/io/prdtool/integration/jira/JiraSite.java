package io.prdtool.integration.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.prdtool.integration.adf.AdfWriter;
import io.prdtool.integration.http.HttpAuth;

/**
 * A Jira site we call: its base URL ({@code https://acme.atlassian.net}; never derived from an answer's {@code self}
 * link), its credentials and its flavour. Jira Cloud: {@link HttpAuth.Basic} with e-mail and API token, REST API v3,
 * rich text in Atlassian Document Format. Jira Data Center ({@code dataCenter}): {@link HttpAuth.Bearer} with a
 * personal access token, REST API v2 (Data Center has no v3), rich text as wiki markup ({@link WikiMarkupWriter}).
 * {@code toString} shows no secret.
 */
public record JiraSite(String baseUrl, HttpAuth auth, boolean dataCenter) {

    public JiraSite {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** A Jira Cloud site. */
    public JiraSite(String baseUrl, HttpAuth auth) {
        this(baseUrl, auth, false);
    }

    /**
     * The site an integration's settings describe ({@code baseUrl}, {@code deployment} {@code cloud} (default) or
     * {@code datacenter}, for Cloud the account's {@code email}) with its secret (API token or personal access token).
     */
    public static JiraSite of(JsonNode settings, String secret) {
        boolean dataCenter = "datacenter".equals(settings.path("deployment").asText("cloud"));
        return new JiraSite(settings.path("baseUrl").asText(), dataCenter
                ? new HttpAuth.Bearer(secret)
                : new HttpAuth.Basic(settings.path("email").asText(), secret), dataCenter);
    }

    /** The REST API's path prefix: {@code /rest/api/3} (Cloud) or {@code /rest/api/2} (Data Center). */
    public String apiPrefix() {
        return dataCenter ? "/rest/api/2" : "/rest/api/3";
    }

    /** Markdown as the site's rich text: an ADF document (Cloud) or a wiki-markup string (Data Center). */
    public JsonNode richText(String markdown) {
        return dataCenter ? TextNode.valueOf(WikiMarkupWriter.toWiki(markdown)) : AdfWriter.toAdf(markdown);
    }

    /** Literal text (no Markdown) as the site's rich text. */
    public JsonNode plainText(String text) {
        return dataCenter ? TextNode.valueOf(WikiMarkupWriter.plainText(text)) : AdfWriter.plainText(text);
    }

    String url(String path) {
        return baseUrl + path;
    }

    /** {@code path} under the REST API ({@code /issue} → {@code …/rest/api/3/issue}). */
    String api(String path) {
        return baseUrl + apiPrefix() + path;
    }
}
