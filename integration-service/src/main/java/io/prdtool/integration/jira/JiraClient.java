package io.prdtool.integration.jira;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpCall;
import io.prdtool.integration.http.HttpResult;
import io.prdtool.integration.http.HttpTransport;
import io.smallrye.mutiny.Uni;

/**
 * Jira's REST API, the calls a PRD push and the status back-sync need: v3 for Jira Cloud, v2 for Data Center
 * ({@link JiraSite#dataCenter}). The shapes are the same except where noted (search paging, issue types, epic
 * fields, rich text as a string). Every call goes through
 * {@link HttpTransport} (SSRF check, no redirects, timeouts) and fails only with {@link DeliveryException}: 429/5xx are
 * retryable with {@code Retry-After}, 401/403 auth, 410 gone, other 4xx terminal.
 * <p>
 * Jira has no idempotency key: a create that timed out may still have happened. Callers label every issue they create
 * with a label unique to it and, before re-creating after a retryable failure, {@link #searchByLabel look it up}.
 * Search is eventually consistent, so the look-up should come after a pause (the retry backoff gives one).
 * <p>
 * Request bodies are built as JSON trees (no reflection: native-friendly); the credentials never reach a log or an
 * exception.
 */
@Singleton
public class JiraClient {

    /** Jira's limit for one bulk create. */
    public static final int MAX_BULK = 50;
    /** Pages a search follows at most (100 issues each). */
    static final int MAX_SEARCH_PAGES = 100;
    private static final int PAGE_SIZE = 100;
    static final int COMMENTS_CHECKED = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport http;

    @Inject
    public JiraClient(HttpTransport http) {
        this.http = http;
    }

    /** Tests the credentials: the account they belong to. A 404 means the base URL is no Jira site (gone). */
    public Uni<JiraUser> myself(JiraSite site) {
        HttpCall call = HttpCall.get("Jira myself", site.api("/myself"));
        return send(site, call, true).map(json -> new JiraUser(text(json, json.has("accountId") ? "accountId" : "key"),
                text(json, "displayName"),
                text(json, "emailAddress")));
    }

    /** The issue types {@code projectKey} offers for creation (all pages). */
    public Uni<List<JiraIssueType>> createMeta(JiraSite site, String projectKey) {
        return createMetaPage(site, projectKey, 0, new ArrayList<>());
    }

    private Uni<List<JiraIssueType>> createMetaPage(JiraSite site, String projectKey, int startAt,
            List<JiraIssueType> acc) {
        HttpCall call = HttpCall.get("Jira create metadata", site.api("/issue/createmeta/"
                + segment(projectKey) + "/issuetypes?startAt=" + startAt + "&maxResults=" + PAGE_SIZE));
        return send(site, call, false).flatMap(json -> {
            // Cloud lists them as issueTypes, Data Center (8.4+) as values
            JsonNode types = json.has("issueTypes") ? json.path("issueTypes") : json.path("values");
            for (JsonNode t : types) {
                acc.add(new JiraIssueType(text(t, "id"), text(t, "name"), t.path("subtask").asBoolean(false),
                        t.path("hierarchyLevel").asInt(0)));
            }
            int total = json.path("total").asInt(acc.size());
            if (types.isEmpty() || acc.size() >= total || startAt / PAGE_SIZE >= MAX_SEARCH_PAGES) {
                return Uni.createFrom().item(List.copyOf(acc));
            }
            return createMetaPage(site, projectKey, startAt + types.size(), acc);
        });
    }

    /** The create-screen fields of one issue type (first 200), to spot required fields we do not set. */
    public Uni<List<JiraField>> createMetaFields(JiraSite site, String projectKey, String issueTypeId) {
        HttpCall call = HttpCall.get("Jira create metadata", site.api("/issue/createmeta/" + segment(projectKey)
                + "/issuetypes/" + segment(issueTypeId) + "?maxResults=200"));
        return send(site, call, false).map(json -> {
            List<JiraField> fields = new ArrayList<>();
            JsonNode list = json.has("fields")
                    ? json.get("fields")
                    : json.has("values") ? json.get("values") : json.path("results");
            for (JsonNode f : list) {
                fields.add(new JiraField(text(f, "fieldId"), text(f, "name"), f.path("required").asBoolean(false),
                        f.path("hasDefaultValue").asBoolean(false)));
            }
            return List.copyOf(fields);
        });
    }

    /** Creates one issue ({@code POST /issue}). */
    public Uni<CreatedIssue> createIssue(JiraSite site, IssueInput input) {
        HttpCall call = HttpCall.json("Jira create issue", "POST", site.api("/issue"), input.toJson().toString());
        return send(site, call, false).map(json -> created(json));
    }

    /**
     * Creates up to {@value #MAX_BULK} issues in one call. Jira answers 201 even when some elements failed (and 400
     * when all did), listing failures by {@code failedElementNumber}; the result has one {@link BulkItem} per input,
     * in input order. Any other failure is a {@link DeliveryException} for the whole batch.
     */
    public Uni<List<BulkItem>> bulkCreate(JiraSite site, List<IssueInput> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (inputs.size() > MAX_BULK) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "a Jira bulk create takes at most " + MAX_BULK + " issues, not " + inputs.size()));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode updates = body.putArray("issueUpdates");
        inputs.forEach(i -> updates.add(i.toJson()));
        HttpCall call = HttpCall.json("Jira bulk create", "POST", site.api("/issue/bulk"), body.toString())
                .auth(site.auth());
        return http.send(call).map(result -> {
            boolean partial = result.status() == 201 || result.status() == 200;
            JsonNode json = partial || result.status() == 400 ? parseOrNull(result) : null;
            if (!partial && (json == null || !json.has("errors") || !json.path("errors").isArray()
                    || json.path("errors").isEmpty())) {
                throw HttpTransport.failure(call, result, false, site.auth().secret());
            }
            if (partial && json == null) {
                throw malformed(call);
            }
            return bulkItems(json, inputs.size(), site.auth().secret());
        });
    }

    private static List<BulkItem> bulkItems(JsonNode json, int count, String secret) {
        BulkItem[] items = new BulkItem[count];
        for (JsonNode e : json.path("errors")) {
            int index = e.path("failedElementNumber").asInt(-1);
            if (index >= 0 && index < count) {
                Integer status = e.has("status") ? e.get("status").asInt() : null;
                items[index] = new BulkItem(index, null, status,
                        HttpTransport.redact(errorText(e.path("elementErrors")), secret));
            }
        }
        // Jira lists the created issues in request order, skipping the failed elements
        Iterator<JsonNode> created = json.path("issues").iterator();
        for (int i = 0; i < count; i++) {
            if (items[i] == null) {
                if (created.hasNext()) {
                    items[i] = new BulkItem(i, created(created.next()), null, null);
                } else {
                    items[i] = new BulkItem(i, null, null, "Jira reported neither an issue nor an error for it");
                }
            }
        }
        return List.of(items);
    }

    /**
     * Updates an issue's fields ({@code PUT /issue/{key}}, no notifications suppressed). A 409 (a conflicting
     * concurrent update) is retried once at once; a second 409 is terminal.
     */
    public Uni<Void> updateIssue(JiraSite site, String issueKey, IssueInput input) {
        HttpCall call = HttpCall.json("Jira update issue", "PUT", site.api("/issue/" + segment(issueKey)),
                input.toJson().toString());
        return Uni.createFrom().deferred(() -> send(site, call, false)).replaceWithVoid()
                .onFailure(f -> f instanceof DeliveryException d && Integer.valueOf(409).equals(d.status()))
                .retry().atMost(1);
    }

    /** Every issue carrying {@code label} (all pages), oldest key first as Jira orders them. */
    public Uni<List<JiraIssue>> searchByLabel(JiraSite site, String label) {
        return search(site, "labels = " + quote(label) + " ORDER BY created ASC");
    }

    /** Status, parent and labels of every issue {@code jql} matches (all pages): the back-sync poll. */
    public Uni<List<JiraIssue>> searchStatuses(JiraSite site, String jql) {
        return search(site, jql);
    }

    private Uni<List<JiraIssue>> search(JiraSite site, String jql) {
        return site.dataCenter()
                ? searchOffset(site, jql, 0, new ArrayList<>(), 0)
                : searchPage(site, jql, null, new ArrayList<>(), 0);
    }

    private static ObjectNode searchBody(String jql) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("jql", jql);
        ArrayNode fields = body.putArray("fields");
        for (String f : List.of("summary", "status", "parent", "labels")) {
            fields.add(f);
        }
        body.put("maxResults", PAGE_SIZE);
        return body;
    }

    /** Cloud: {@code POST /rest/api/3/search/jql}, paged by {@code nextPageToken}. */
    private Uni<List<JiraIssue>> searchPage(JiraSite site, String jql, String token, List<JiraIssue> acc, int page) {
        ObjectNode body = searchBody(jql);
        if (token != null) {
            body.put("nextPageToken", token);
        }
        HttpCall call = HttpCall.json("Jira search", "POST", site.api("/search/jql"), body.toString());
        return send(site, call, false).flatMap(json -> {
            for (JsonNode issue : json.path("issues")) {
                acc.add(issue(issue));
            }
            String next = text(json, "nextPageToken");
            boolean last = json.path("isLast").asBoolean(next == null);
            if (last || next == null || next.equals(token) || page + 1 >= MAX_SEARCH_PAGES) {
                return Uni.createFrom().item(List.copyOf(acc));
            }
            return searchPage(site, jql, next, acc, page + 1);
        });
    }

    /** Data Center: {@code POST /rest/api/2/search}, paged by {@code startAt} up to {@code total}. */
    private Uni<List<JiraIssue>> searchOffset(JiraSite site, String jql, int startAt, List<JiraIssue> acc,
            int page) {
        ObjectNode body = searchBody(jql);
        body.put("startAt", startAt);
        HttpCall call = HttpCall.json("Jira search", "POST", site.api("/search"), body.toString());
        return send(site, call, false).flatMap(json -> {
            JsonNode issues = json.path("issues");
            for (JsonNode issue : issues) {
                acc.add(issue(issue));
            }
            int next = startAt + issues.size();
            if (issues.isEmpty() || next >= json.path("total").asInt(0) || page + 1 >= MAX_SEARCH_PAGES) {
                return Uni.createFrom().item(List.copyOf(acc));
            }
            return searchOffset(site, jql, next, acc, page + 1);
        });
    }

    /** The ids of Jira Software's epic fields on a Data Center site; either may be null (not installed). */
    public record EpicFields(String epicLink, String epicName) {
    }

    /**
     * Data Center links an issue to its epic through the "Epic Link" custom field and names an epic in "Epic Name";
     * their ids ({@code customfield_…}) differ per site: {@code GET /rest/api/2/field}, matched by the custom type
     * ({@code com.pyxis.greenhopper.jira:gh-epic-link} / {@code gh-epic-label}).
     */
    public Uni<EpicFields> epicFields(JiraSite site) {
        HttpCall call = HttpCall.get("Jira fields", site.api("/field"));
        return http.send(call.auth(site.auth())).map(result -> {
            if (!result.isSuccess()) {
                throw HttpTransport.failure(call.auth(site.auth()), result, false, site.auth().secret());
            }
            JsonNode json;
            try {
                json = JSON.readTree(result.body());
            } catch (IOException e) {
                json = null;
            }
            if (json == null || !json.isArray()) {
                throw DeliveryException.terminal(call.what() + " answered with something other than a JSON array");
            }
            String link = null;
            String name = null;
            for (JsonNode f : json) {
                String custom = f.path("schema").path("custom").asText("");
                if (link == null && custom.equals("com.pyxis.greenhopper.jira:gh-epic-link")) {
                    link = text(f, "id");
                } else if (name == null && custom.equals("com.pyxis.greenhopper.jira:gh-epic-label")) {
                    name = text(f, "id");
                }
            }
            return new EpicFields(link, name);
        });
    }

    /**
     * Links the issue to {@code url} (the PRD). Jira updates an existing link with the same {@code globalId} instead
     * of adding one, so repeating the call is harmless. Returns the link's id.
     */
    public Uni<Long> remoteLink(JiraSite site, String issueKey, String globalId, String url, String title) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("globalId", globalId);
        ObjectNode object = body.putObject("object");
        object.put("url", url);
        object.put("title", title);
        HttpCall call = HttpCall.json("Jira remote link", "POST",
                site.api("/issue/" + segment(issueKey) + "/remotelink"), body.toString());
        return send(site, call, false).map(json -> json.path("id").asLong());
    }

    /**
     * Whether one of the issue's newest {@value #COMMENTS_CHECKED} comments contains {@code text} (in its ADF or wiki
     * body; text with wiki-markup special characters must be given escaped, as {@link JiraSite#plainText} writes it):
     * lets a comment be added once even when the answer to the first add was lost.
     */
    public Uni<Boolean> hasComment(JiraSite site, String issueKey, String text) {
        HttpCall call = HttpCall.get("Jira comments", site.api("/issue/" + segment(issueKey)
                + "/comment?orderBy=-created&maxResults=" + COMMENTS_CHECKED));
        return send(site, call, false).map(json -> {
            for (JsonNode comment : json.path("comments")) {
                JsonNode body = comment.path("body");
                if ((body.isTextual() ? body.asText() : body.toString()).contains(text)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Adds a comment ({@code POST /issue/{key}/comment}) with the site's rich text ({@link JiraSite#plainText}). */
    public Uni<Void> addComment(JiraSite site, String issueKey, JsonNode text) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("body", text);
        HttpCall call = HttpCall.json("Jira comment", "POST", site.api("/issue/" + segment(issueKey)
                + "/comment"), body.toString());
        return send(site, call, false).replaceWithVoid();
    }

    // ---- plumbing

    private Uni<JsonNode> send(JiraSite site, HttpCall call, boolean targetGoneOn404) {
        HttpCall authed = call.auth(site.auth());
        return http.send(authed).map(result -> {
            if (!result.isSuccess()) {
                throw HttpTransport.failure(authed, result, targetGoneOn404, site.auth().secret());
            }
            if (result.body().length == 0) {
                return JsonNodeFactory.instance.objectNode();
            }
            JsonNode json = parseOrNull(result);
            if (json == null) {
                throw malformed(authed);
            }
            return json;
        });
    }

    private static JsonNode parseOrNull(HttpResult result) {
        try {
            JsonNode json = JSON.readTree(result.body());
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static DeliveryException malformed(HttpCall call) {
        return DeliveryException.terminal(call.what() + " answered with something other than a JSON object");
    }

    private static CreatedIssue created(JsonNode json) {
        return new CreatedIssue(text(json, "id"), text(json, "key"));
    }

    private static JiraIssue issue(JsonNode json) {
        JsonNode fields = json.path("fields");
        List<String> labels = new ArrayList<>();
        fields.path("labels").forEach(l -> labels.add(l.asText()));
        JsonNode status = fields.path("status");
        return new JiraIssue(text(json, "id"), text(json, "key"), text(fields, "summary"), text(status, "name"),
                text(status.path("statusCategory"), "key"), text(fields.path("parent"), "key"), List.copyOf(labels));
    }

    /** Jira's {@code ErrorCollection} as one line: messages, then field errors in field order. */
    static String errorText(JsonNode errorCollection) {
        List<String> parts = new ArrayList<>();
        errorCollection.path("errorMessages").forEach(m -> parts.add(m.asText()));
        Iterator<Map.Entry<String, JsonNode>> fields = errorCollection.path("errors").fields();
        List<String> fieldErrors = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            fieldErrors.add(e.getKey() + ": " + e.getValue().asText());
        }
        fieldErrors.sort(null);
        parts.addAll(fieldErrors);
        return parts.isEmpty() ? "no error details" : String.join("; ", parts);
    }

    /** {@code value} as a JQL string literal. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
