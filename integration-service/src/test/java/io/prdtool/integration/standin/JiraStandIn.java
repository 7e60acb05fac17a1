package io.prdtool.integration.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.adf.AdfSchema;
import io.vertx.core.Vertx;

/**
 * Jira Cloud (REST v3) in the test JVM: one project {@code PRD} with Epic/Story/Task/Sub-task types, issues keyed
 * {@code PRD-1, PRD-2…}, labels, parents, remote links (idempotent by {@code globalId}), a JQL search with
 * {@code nextPageToken} paging over the clauses our client sends ({@code labels =}, {@code key in}, {@code project =},
 * {@code parent =}, joined by AND), comments, and optionally eventual consistency ({@link #searchLag}). Besides the
 * OpenAPI check, every ADF {@code description} and comment body is checked against the ADF JSON schema, as Jira does.
 * <p>
 * {@link #dataCenter} mode is Jira Data Center instead: only REST API v2 ({@code /rest/api/2/…}; v3 answers 404),
 * bodies checked against {@link JiraDcSchema} (Atlassian publishes no OpenAPI spec for Data Center) with descriptions
 * and comments as wiki-markup strings, epics linked by the Epic Link field {@value #EPIC_LINK} (no {@code parent}
 * outside sub-tasks), Epic Name {@value #EPIC_NAME} required on epics, {@code GET /field}, issue types and create
 * fields as {@code values}, and {@code POST /search} paged by {@code startAt}/{@code total}.
 */
public class JiraStandIn extends VendorStandIn {

    public static final String PROJECT = "PRD";
    public static final String EPIC_TYPE = "10001";
    public static final String STORY_TYPE = "10002";
    public static final String TASK_TYPE = "10003";
    public static final String SUBTASK_TYPE = "10004";
    /** Data Center: the Epic Link and Epic Name custom fields (their ids differ per site; found by custom type). */
    public static final String EPIC_LINK = "customfield_10100";
    public static final String EPIC_NAME = "customfield_10104";

    /** An issue as the stand-in holds it. */
    public static final class Issue {

        public final String id;
        public final String key;
        public final ObjectNode fields;
        public final Instant created;
        public String status = "To Do";
        public String statusCategory = "new";
        public final Map<String, ObjectNode> remoteLinks = new LinkedHashMap<>();
        public final List<ObjectNode> comments = new ArrayList<>();

        Issue(String id, String key, ObjectNode fields, Instant created) {
            this.id = id;
            this.key = key;
            this.fields = fields;
            this.created = created;
        }

        public List<String> labels() {
            List<String> labels = new ArrayList<>();
            fields.path("labels").forEach(l -> labels.add(l.asText()));
            return labels;
        }

        public String summary() {
            return fields.path("summary").asText();
        }

        /** The parent (Cloud) or the epic linked by Epic Link (Data Center). */
        public String parentKey() {
            JsonNode p = fields.path("parent").path("key");
            if (p.isMissingNode()) {
                p = fields.path(EPIC_LINK);
            }
            return p.isMissingNode() || p.isNull() ? null : p.asText();
        }
    }

    private static final Pattern CLAUSE_LABEL = Pattern.compile("labels\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE_KEY_IN = Pattern.compile("key\\s+in\\s*\\(([^)]*)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE_EQ = Pattern.compile("(key|project|parent)\\s*=\\s*\"?([A-Za-z0-9-]+)\"?",
            Pattern.CASE_INSENSITIVE);

    private final Map<String, Issue> issues = new LinkedHashMap<>();
    private final Set<Integer> failBulkElements = new HashSet<>();
    private volatile Duration searchLag = Duration.ZERO;
    private boolean epicNameRequired;
    private final boolean dataCenter;
    private int nextNumber = 1;
    private long nextLinkId = 10000;

    public JiraStandIn(Vertx vertx, String expectedAuthorization) {
        this(vertx, expectedAuthorization, false);
    }

    /** Jira Data Center ({@code dataCenter}) or Cloud. */
    public JiraStandIn(Vertx vertx, String expectedAuthorization, boolean dataCenter) {
        super(vertx, "Jira", "/vendor-specs/jira-cloud-platform-v3.trimmed.json", null, expectedAuthorization,
                ValidationErrorsWhitelist.create().withRule(
                        "Jira documents a schema for 204 answers that have no body",
                        WhitelistRules.allOf(WhitelistRules.isResponse(), WhitelistRules.responseStatusIs(204),
                                WhitelistRules.messageHasKey("validation.response.body.missing"))));
        this.dataCenter = dataCenter;
        this.epicNameRequired = dataCenter; // as in most Data Center company-managed projects
    }

    /** The API prefix this Jira speaks. */
    private String api() {
        return dataCenter ? "/rest/api/2" : "/rest/api/3";
    }

    @Override
    protected boolean ownContract(Received r) {
        return dataCenter;
    }

    /** Data Center: checks the body of {@code operation} against {@link JiraDcSchema}. */
    private void dcContract(Received r, String operation) {
        if (dataCenter) {
            JiraDcSchema.violations(operation, r.json()).forEach(v -> violation(r, operation + ": " + v));
        }
    }

    @Override
    protected Received warmUpRequest() {
        AdfSchema.violations(object().put("type", "doc").put("version", 1)); // loads and compiles the ADF schema
        JiraDcSchema.violations("search", object().put("jql", "project = PRD")); // and the Data Center one
        return new Received("POST", "/rest/api/3/search/jql", Map.of(),
                Map.of("content-type", "application/json", "authorization", "Basic eDp5"),
                "{\"jql\":\"project = PRD\",\"fields\":[\"summary\"],\"maxResults\":1}");
    }

    @Override
    public JiraStandIn start() {
        super.start();
        return this;
    }

    /** Issues become visible to search only this long after their creation (Jira search is eventually consistent). */
    public void searchLag(Duration lag) {
        this.searchLag = lag;
    }

    /** The next bulk create fails for these element numbers (as Jira does for, e.g., a field a screen lacks). */
    public synchronized void failBulkElements(Integer... indexes) {
        failBulkElements.addAll(List.of(indexes));
    }

    /** The Epic type requires "Epic Name" (customfield_10011), as old company-managed projects do. */
    public synchronized void epicNameRequired(boolean required) {
        this.epicNameRequired = required;
    }

    /** Moves an issue to a status (as a person in Jira would). */
    public synchronized void setStatus(String key, String status, String category) {
        Issue issue = issues.get(key);
        issue.status = status;
        issue.statusCategory = category;
    }

    public synchronized List<Issue> issues() {
        return List.copyOf(issues.values());
    }

    public synchronized Issue issue(String key) {
        return issues.get(key);
    }

    @Override
    protected Reply handle(Received r) {
        String p = r.path();
        if (!p.startsWith(api() + "/")) {
            return error(404, "the Jira stand-in has no " + r.method() + " " + p);
        }
        p = "/rest/api/3" + p.substring(api().length()); // the same resources in both versions
        if (dataCenter && r.method().equals("GET") && p.equals("/rest/api/3/field")) {
            return fieldList();
        }
        if (dataCenter && r.method().equals("POST") && p.equals("/rest/api/3/search")) {
            dcContract(r, "search");
            return searchDc(r);
        }
        if (dataCenter && r.method().equals("POST") && p.equals("/rest/api/3/search/jql")) {
            return error(404, "Data Center has no " + p);
        }
        if (r.method().equals("GET") && p.equals("/rest/api/3/myself")) {
            return myself();
        }
        if (r.method().equals("GET") && p.equals("/rest/api/3/issue/createmeta/" + PROJECT + "/issuetypes")) {
            return issueTypes(r);
        }
        Matcher m = Pattern.compile("/rest/api/3/issue/createmeta/" + PROJECT + "/issuetypes/(\\d+)").matcher(p);
        if (r.method().equals("GET") && m.matches()) {
            return fieldsOf(m.group(1));
        }
        if (r.method().equals("GET") && p.startsWith("/rest/api/3/issue/createmeta/")) {
            return error(404, "No project could be found with key '" + p.split("/")[6] + "'.");
        }
        if (r.method().equals("POST") && p.equals("/rest/api/3/issue")) {
            dcContract(r, "createIssue");
            return create(r);
        }
        if (r.method().equals("POST") && p.equals("/rest/api/3/issue/bulk")) {
            dcContract(r, "bulkCreate");
            return bulk(r);
        }
        if (r.method().equals("POST") && p.equals("/rest/api/3/search/jql")) {
            return search(r);
        }
        m = Pattern.compile("/rest/api/3/issue/([^/]+)/remotelink").matcher(p);
        if (r.method().equals("POST") && m.matches()) {
            dcContract(r, "remoteLink");
            return remoteLink(r, m.group(1));
        }
        m = Pattern.compile("/rest/api/3/issue/([^/]+)/comment").matcher(p);
        if (m.matches() && (r.method().equals("GET") || r.method().equals("POST"))) {
            if (r.method().equals("POST")) {
                dcContract(r, "addComment");
            }
            return r.method().equals("GET") ? comments(r, m.group(1)) : comment(r, m.group(1));
        }
        m = Pattern.compile("/rest/api/3/issue/([^/]+)").matcher(p);
        if (r.method().equals("PUT") && m.matches()) {
            dcContract(r, "updateIssue");
            return update(r, m.group(1));
        }
        return error(404, "the Jira stand-in has no " + r.method() + " " + p);
    }

    private Reply myself() {
        ObjectNode user = object();
        if (dataCenter) {
            user.put("key", "JIRAUSER10100");
            user.put("name", "prdtool");
            user.put("displayName", "PRD Tool");
            user.put("emailAddress", "bot@example.com");
            user.put("active", true);
            return Reply.json(200, user);
        }
        user.put("accountId", "5b10a2844c20165700ede21g");
        user.put("accountType", "atlassian");
        user.put("active", true);
        user.put("displayName", "PRD Tool");
        user.put("emailAddress", "bot@example.com");
        user.put("timeZone", "Europe/Berlin");
        return Reply.json(200, user);
    }

    private Reply issueTypes(Received r) {
        List<ObjectNode> types = List.of(type(EPIC_TYPE, "Epic", false, 1), type(STORY_TYPE, "Story", false, 0),
                type(TASK_TYPE, "Task", false, 0), type(SUBTASK_TYPE, "Sub-task", true, -1));
        int startAt = r.param("startAt") == null ? 0 : Integer.parseInt(r.param("startAt"));
        int max = r.param("maxResults") == null ? 50 : Integer.parseInt(r.param("maxResults"));
        ObjectNode page = object();
        ArrayNode array = page.putArray(dataCenter ? "values" : "issueTypes");
        types.stream().skip(startAt).limit(max).map(t -> {
            if (dataCenter) {
                t.remove("hierarchyLevel"); // Data Center issue types have no hierarchy level
            }
            return t;
        }).forEach(array::add);
        if (dataCenter) {
            page.put("isLast", startAt + max >= types.size());
        }
        page.put("maxResults", max);
        page.put("startAt", startAt);
        page.put("total", types.size());
        return Reply.json(200, page);
    }

    private static ObjectNode type(String id, String name, boolean subtask, int level) {
        ObjectNode t = object();
        t.put("id", id);
        t.put("name", name);
        t.put("subtask", subtask);
        t.put("hierarchyLevel", level);
        return t;
    }

    private synchronized Reply fieldsOf(String typeId) {
        ObjectNode page = object();
        ArrayNode fields = page.putArray(dataCenter ? "values" : "fields");
        fields.add(field("summary", "Summary", true, "string"));
        fields.add(field("issuetype", "Issue Type", true, "issuetype"));
        fields.add(field("project", "Project", true, "project"));
        fields.add(field("description", "Description", false, "string"));
        fields.add(field("labels", "Labels", false, "array"));
        if (dataCenter) {
            fields.add(typeId.equals(EPIC_TYPE)
                    ? field(EPIC_NAME, "Epic Name", epicNameRequired, "string")
                    : field(EPIC_LINK, "Epic Link", false, "any"));
        } else if (!typeId.equals(EPIC_TYPE)) {
            fields.add(field("parent", "Parent", false, "issuelink"));
        } else {
            fields.add(field("customfield_10011", "Epic Name", epicNameRequired, "string"));
        }
        page.put("maxResults", 200);
        page.put("startAt", 0);
        page.put("total", fields.size());
        return Reply.json(200, page);
    }

    private static ObjectNode field(String id, String name, boolean required, String type) {
        ObjectNode f = object();
        f.put("fieldId", id);
        f.put("key", id);
        f.put("name", name);
        f.put("required", required);
        f.put("hasDefaultValue", false);
        f.putArray("operations").add("set");
        f.putObject("schema").put("type", type).put("system", id);
        return f;
    }

    private synchronized Reply create(Received r) {
        JsonNode fields = r.json().path("fields");
        Map<String, String> errors = check(r, fields, null);
        if (!errors.isEmpty()) {
            ObjectNode body = object();
            body.putArray("errorMessages");
            ObjectNode e = body.putObject("errors");
            errors.forEach(e::put);
            return Reply.json(400, body);
        }
        return Reply.json(201, created(store((ObjectNode) fields)));
    }

    private synchronized Reply bulk(Received r) {
        JsonNode updates = r.json().path("issueUpdates");
        if (updates.size() > 50) {
            return error(400, "Bulk create takes at most 50 issues.");
        }
        ObjectNode body = object();
        ArrayNode created = body.putArray("issues");
        ArrayNode failed = body.putArray("errors");
        for (int i = 0; i < updates.size(); i++) {
            JsonNode fields = updates.get(i).path("fields");
            Map<String, String> errors = check(r, fields, null);
            if (failBulkElements.contains(i)) {
                errors.put("customfield_10020", "Sprint is not on the appropriate screen.");
            }
            if (errors.isEmpty()) {
                created.add(created(store((ObjectNode) fields)));
            } else {
                ObjectNode failure = failed.addObject();
                failure.put("failedElementNumber", i);
                failure.put("status", 400);
                ObjectNode elementErrors = failure.putObject("elementErrors");
                elementErrors.putArray("errorMessages");
                ObjectNode e = elementErrors.putObject("errors");
                errors.forEach(e::put);
            }
        }
        failBulkElements.clear();
        return Reply.json(created.isEmpty() && !failed.isEmpty() ? 400 : 201, body);
    }

    private synchronized Reply update(Received r, String key) {
        Issue issue = issues.get(key);
        if (issue == null) {
            return error(404, "Issue does not exist or you do not have permission to see it.");
        }
        JsonNode fields = r.json().path("fields");
        Map<String, String> errors = check(r, fields, issue);
        if (!errors.isEmpty()) {
            ObjectNode body = object();
            body.putArray("errorMessages");
            ObjectNode e = body.putObject("errors");
            errors.forEach(e::put);
            return Reply.json(400, body);
        }
        fields.fields().forEachRemaining(e -> issue.fields.set(e.getKey(), e.getValue()));
        return Reply.empty(204);
    }

    private synchronized Reply search(Received r) {
        JsonNode body = r.json();
        Predicate<Issue> filter;
        try {
            filter = jql(body.path("jql").asText());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Instant visibleBefore = Instant.now().minus(searchLag);
        List<Issue> matches = issues.values().stream().filter(filter)
                .filter(i -> !i.created.isAfter(visibleBefore)).toList();
        int offset = body.hasNonNull("nextPageToken")
                ? Integer.parseInt(body.get("nextPageToken").asText().substring("offset-".length()))
                : 0;
        int max = body.path("maxResults").asInt(50);
        ObjectNode result = object();
        ArrayNode array = result.putArray("issues");
        List<String> wanted = new ArrayList<>();
        body.path("fields").forEach(f -> wanted.add(f.asText()));
        matches.stream().skip(offset).limit(max).forEach(i -> array.add(searchHit(i, wanted)));
        boolean last = offset + max >= matches.size();
        result.put("isLast", last);
        if (!last) {
            result.put("nextPageToken", "offset-" + (offset + max));
        }
        return Reply.json(200, result);
    }

    /** Data Center's {@code GET /field}: system fields and Jira Software's epic fields. */
    private Reply fieldList() {
        ArrayNode list = JSON.createArrayNode();
        for (String[] f : new String[][]{{"summary", "Summary", null}, {"description", "Description", null},
                {"labels", "Labels", null}, {"customfield_10000", "Sprint", "com.pyxis.greenhopper.jira:gh-sprint"},
                {EPIC_LINK, "Epic Link", "com.pyxis.greenhopper.jira:gh-epic-link"},
                {EPIC_NAME, "Epic Name", "com.pyxis.greenhopper.jira:gh-epic-label"}}) {
            ObjectNode field = list.addObject();
            field.put("id", f[0]);
            field.put("name", f[1]);
            field.put("custom", f[2] != null);
            ObjectNode schema = field.putObject("schema");
            schema.put("type", f[2] == null ? "string" : "any");
            if (f[2] != null) {
                schema.put("custom", f[2]);
                schema.put("customId", Integer.parseInt(f[0].substring("customfield_".length())));
            } else {
                schema.put("system", f[0]);
            }
        }
        return Reply.json(200, list);
    }

    /** Data Center's {@code POST /search}: {@code startAt}/{@code maxResults} paging, {@code total}. */
    private synchronized Reply searchDc(Received r) {
        JsonNode body = r.json();
        Predicate<Issue> filter;
        try {
            filter = jql(body.path("jql").asText());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Instant visibleBefore = Instant.now().minus(searchLag);
        List<Issue> matches = issues.values().stream().filter(filter)
                .filter(i -> !i.created.isAfter(visibleBefore)).toList();
        int startAt = body.path("startAt").asInt(0);
        int max = Math.min(body.path("maxResults").asInt(50), 50); // Jira caps a page (jira.search.views.default.max)
        ObjectNode result = object();
        result.put("startAt", startAt);
        result.put("maxResults", max);
        result.put("total", matches.size());
        ArrayNode array = result.putArray("issues");
        List<String> wanted = new ArrayList<>();
        body.path("fields").forEach(f -> wanted.add(f.asText()));
        matches.stream().skip(startAt).limit(max).forEach(i -> array.add(searchHit(i, wanted)));
        return Reply.json(200, result);
    }

    private ObjectNode searchHit(Issue issue, List<String> wanted) {
        ObjectNode hit = object();
        hit.put("id", issue.id);
        hit.put("key", issue.key);
        hit.put("self", baseUrl() + api() + "/issue/" + issue.id);
        ObjectNode fields = hit.putObject("fields");
        if (wanted.contains("summary")) {
            fields.put("summary", issue.summary());
        }
        if (wanted.contains("status")) {
            ObjectNode status = fields.putObject("status");
            status.put("name", issue.status);
            status.putObject("statusCategory").put("key", issue.statusCategory);
        }
        if (wanted.contains("labels")) {
            ArrayNode labels = fields.putArray("labels");
            issue.labels().forEach(labels::add);
        }
        if (wanted.contains("parent") && issue.parentKey() != null) {
            fields.putObject("parent").put("key", issue.parentKey());
        }
        return hit;
    }

    private synchronized Reply remoteLink(Received r, String key) {
        Issue issue = issues.get(key);
        if (issue == null) {
            return error(404, "Issue does not exist or you do not have permission to see it.");
        }
        JsonNode body = r.json();
        String globalId = body.path("globalId").asText(null);
        ObjectNode existing = globalId == null ? null : issue.remoteLinks.get(globalId);
        ObjectNode link = object();
        long id = existing != null ? existing.get("id").asLong() : nextLinkId++;
        link.put("id", id);
        link.set("object", body.path("object"));
        issue.remoteLinks.put(globalId == null ? "link-" + id : globalId, link);
        ObjectNode answer = object();
        answer.put("id", id);
        answer.put("self", baseUrl() + api() + "/issue/" + key + "/remotelink/" + id);
        return Reply.json(existing != null ? 200 : 201, answer);
    }

    private synchronized Reply comments(Received r, String key) {
        Issue issue = issues.get(key);
        if (issue == null) {
            return error(404, "Issue does not exist or you do not have permission to see it.");
        }
        int max = r.param("maxResults") == null ? 5000 : Integer.parseInt(r.param("maxResults"));
        List<ObjectNode> ordered = new ArrayList<>(issue.comments);
        if ("-created".equals(r.param("orderBy"))) {
            java.util.Collections.reverse(ordered);
        }
        ObjectNode page = object();
        ArrayNode array = page.putArray("comments");
        ordered.stream().limit(max).forEach(array::add);
        page.put("maxResults", max);
        page.put("startAt", 0);
        page.put("total", issue.comments.size());
        return Reply.json(200, page);
    }

    private synchronized Reply comment(Received r, String key) {
        Issue issue = issues.get(key);
        if (issue == null) {
            return error(404, "Issue does not exist or you do not have permission to see it.");
        }
        JsonNode body = r.json().path("body");
        if (dataCenter && !body.isTextual()) {
            return error(400, "Comment body must be a string of wiki markup.");
        }
        List<String> violations = dataCenter ? List.of() : AdfSchema.violations(body);
        if (!violations.isEmpty()) {
            return error(400, "Comment body is not valid ADF: " + violations);
        }
        ObjectNode comment = object();
        String id = String.valueOf(20000 + issue.comments.size());
        comment.put("id", id);
        comment.put("self", baseUrl() + api() + "/issue/" + issue.id + "/comment/" + id);
        comment.set("body", body);
        comment.put("created", "2026-12-07T10:00:00.000Z");
        comment.put("updated", "2026-12-07T10:00:00.000Z");
        issue.comments.add(comment);
        return Reply.json(201, comment);
    }

    /** What Jira would reject in {@code fields} beyond the OpenAPI contract (which types them as free-form). */
    private Map<String, String> check(Received r, JsonNode fields, Issue existing) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (existing == null) {
            if (!PROJECT.equals(fields.path("project").path("key").asText())) {
                errors.put("project", "valid project is required");
            }
            String type = fields.path("issuetype").path("id").asText();
            if (!Set.of(EPIC_TYPE, STORY_TYPE, TASK_TYPE).contains(type)) {
                errors.put("issuetype", "valid issue type is required");
            }
            String epicName = dataCenter ? EPIC_NAME : "customfield_10011";
            if (type.equals(EPIC_TYPE) && epicNameRequired && !fields.hasNonNull(epicName)) {
                errors.put(epicName, "Epic Name is required.");
            }
        }
        if (existing == null || fields.has("summary")) {
            JsonNode summary = fields.path("summary");
            if (!summary.isTextual() || summary.asText().isBlank()) {
                errors.put("summary", "You must specify a summary of the issue.");
            } else if (summary.asText().length() > 255) {
                errors.put("summary", "Summary must be less than 255 characters.");
            } else if (summary.asText().contains("\n")) {
                errors.put("summary", "Field 'summary' cannot contain newline characters.");
            }
        }
        if (dataCenter && fields.has("description")) {
            if (!fields.get("description").isTextual()) {
                errors.put("description", "Field 'description' must be a string.");
            }
        } else if (fields.has("description")) {
            JsonNode description = fields.get("description");
            if (!description.isObject()) {
                errors.put("description", "Operation value must be an Atlassian Document (see the Atlassian "
                        + "Document Format)");
                violation(r, "description is not an ADF document");
            } else {
                List<String> adf = AdfSchema.violations(description);
                if (!adf.isEmpty()) {
                    errors.put("description", "INVALID_INPUT");
                    violation(r, "description is not valid ADF: " + adf);
                }
            }
        }
        for (JsonNode label : fields.path("labels")) {
            if (!label.isTextual() || label.asText().isEmpty() || label.asText().chars().anyMatch(
                    Character::isWhitespace) || label.asText().length() > 255) {
                errors.put("labels", "The label '" + label.asText() + "' contains spaces which is invalid.");
            }
        }
        if (dataCenter && fields.has("parent")) {
            errors.put("parent", "Issue type is not a sub-task: it cannot have a parent (link it to an epic).");
            violation(r, "parent set on a standard issue type in Data Center");
        }
        if (dataCenter && fields.has(EPIC_LINK)) {
            Issue epic = issues.get(fields.path(EPIC_LINK).asText());
            if (epic == null || !EPIC_TYPE.equals(epic.fields.path("issuetype").path("id").asText())) {
                errors.put(EPIC_LINK, "The issue " + fields.path(EPIC_LINK).asText() + " is not an epic.");
            }
        }
        if (!dataCenter && fields.has("parent")) {
            String parent = fields.path("parent").path("key").asText();
            if (!issues.containsKey(parent)) {
                errors.put("parent", "Could not find issue by id or key.");
            }
        }
        return errors;
    }

    private Issue store(ObjectNode fields) {
        int n = nextNumber++;
        Issue issue = new Issue(String.valueOf(10000 + n), PROJECT + "-" + n, fields.deepCopy(), Instant.now());
        issues.put(issue.key, issue);
        return issue;
    }

    private ObjectNode created(Issue issue) {
        ObjectNode created = object();
        created.put("id", issue.id);
        created.put("key", issue.key);
        created.put("self", baseUrl() + api() + "/issue/" + issue.id);
        return created;
    }

    /** The JQL our clients send: clauses joined by AND, an optional ORDER BY (ignored: key order is kept). */
    static Predicate<Issue> jql(String jql) {
        String where = jql.split("(?i)\\s+order\\s+by\\s+", 2)[0].trim();
        Predicate<Issue> all = i -> true;
        if (where.isEmpty()) {
            return all;
        }
        for (String clause : where.split("(?i)\\s+and\\s+")) {
            String c = clause.trim();
            Matcher label = CLAUSE_LABEL.matcher(c);
            Matcher keyIn = CLAUSE_KEY_IN.matcher(c);
            Matcher eq = CLAUSE_EQ.matcher(c);
            if (label.matches()) {
                String value = label.group(2) != null ? label.group(2).replaceAll("\\\\(.)", "$1") : label.group(1);
                all = all.and(i -> i.labels().contains(value));
            } else if (keyIn.matches()) {
                Set<String> keys = new HashSet<>();
                for (String k : keyIn.group(1).split(",")) {
                    keys.add(k.trim().replace("\"", ""));
                }
                all = all.and(i -> keys.contains(i.key));
            } else if (eq.matches()) {
                String field = eq.group(1).toLowerCase(Locale.ROOT);
                String value = eq.group(2);
                all = all.and(switch (field) {
                    case "key" -> i -> i.key.equals(value);
                    case "project" -> i -> value.equals(PROJECT);
                    default -> i -> value.equals(i.parentKey());
                });
            } else {
                throw new IllegalArgumentException("Error in the JQL Query: the stand-in does not know '" + c + "'");
            }
        }
        return all;
    }
}
