package io.prdtool.integration.standin;

import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.xml.sax.InputSource;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;

/**
 * Confluence Cloud (REST v2) in the test JVM: a space {@code ENG}, pages with versions (an update must carry the
 * current number + 1, else 409 as Confluence answers), unique titles per space, page properties with versions, and a
 * storage-format check: a body that is not well-formed XHTML is refused (400) and recorded as a violation.
 * <p>
 * The page body is {@code oneOf[PageBodyWrite, PageNestedBodyWrite]}, two schemas with only optional properties, so a
 * lenient validator would find that a correct {@code {"representation":"storage","value":…}} matches both and report
 * the oneOf. swagger-request-validator treats undeclared properties as errors by default (strict
 * {@code additionalProperties}), so the correct body matches {@code PageBodyWrite} only and no rule needs downgrading;
 * {@code ConfluenceClientTest} shows both that correct bodies pass and that a body matching neither schema is flagged.
 * One rule is skipped, for the stand-in's own answers only (checked against the spec to keep the stand-in honest): the
 * single-page answer is an {@code allOf}, which the strict {@code additionalProperties} cannot check (the validator's
 * README says so).
 */
public class ConfluenceStandIn extends VendorStandIn {

    public static final String SPACE_KEY = "ENG";
    public static final String SPACE_ID = "98305";

    /** A page as the stand-in holds it. */
    public static final class Page {

        public final String id;
        public final String spaceId;
        public final String parentId;
        public String title;
        public String storage;
        public int version = 1;
        public String message;
        public final Map<String, ObjectNode> properties = new LinkedHashMap<>();

        Page(String id, String spaceId, String parentId, String title, String storage) {
            this.id = id;
            this.spaceId = spaceId;
            this.parentId = parentId;
            this.title = title;
            this.storage = storage;
        }
    }

    private final Map<String, Page> pages = new LinkedHashMap<>();
    private long nextPageId = 1000001;
    private long nextPropertyId = 5000001;

    public ConfluenceStandIn(Vertx vertx, String expectedAuthorization) {
        super(vertx, "Confluence", "/vendor-specs/confluence-cloud-v2.trimmed.json", "/wiki/api/v2",
                expectedAuthorization, ValidationErrorsWhitelist.create()
                        .withRule("the validator's strict additionalProperties cannot check allOf (its README FAQ); "
                                + "only the stand-in's own page answers are affected",
                                WhitelistRules.allOf(WhitelistRules.isResponse(),
                                        WhitelistRules.messageHasKey("validation.response.body.schema.allOf"))));
    }

    @Override
    public ConfluenceStandIn start() {
        super.start();
        return this;
    }

    @Override
    protected Received warmUpRequest() {
        return new Received("POST", "/wiki/api/v2/pages", Map.of(),
                Map.of("content-type", "application/json", "authorization", "Basic eDp5"),
                "{\"spaceId\":\"1\",\"status\":\"current\",\"title\":\"t\",\"body\":{\"representation\":\"storage\","
                        + "\"value\":\"<p/>\"}}");
    }

    public synchronized List<Page> pages() {
        return List.copyOf(pages.values());
    }

    public synchronized Page page(String id) {
        return pages.get(id);
    }

    /** Someone edits the page in Confluence: its version moves on. */
    public synchronized void editByHand(String id, String storage) {
        Page page = pages.get(id);
        page.storage = storage;
        page.version++;
        page.message = "edited by hand";
    }

    @Override
    protected synchronized Reply handle(Received r) {
        String p = r.path();
        if (!p.startsWith("/wiki/api/v2/")) {
            return error(404, "no such path");
        }
        p = p.substring("/wiki/api/v2".length());
        if (r.method().equals("GET") && p.equals("/spaces")) {
            return spaces(r);
        }
        if (r.method().equals("GET") && p.equals("/pages")) {
            return findPages(r);
        }
        if (r.method().equals("POST") && p.equals("/pages")) {
            return create(r);
        }
        Matcher m = Pattern.compile("/pages/(\\d+)").matcher(p);
        if (m.matches()) {
            Page page = pages.get(m.group(1));
            if (page == null) {
                return confluenceError(404, "NOT_FOUND", "Page not found");
            }
            return r.method().equals("GET") ? Reply.json(200, pageJson(page, true)) : update(r, page);
        }
        m = Pattern.compile("/pages/(\\d+)/properties(?:/(\\d+))?").matcher(p);
        if (m.matches()) {
            Page page = pages.get(m.group(1));
            if (page == null) {
                return confluenceError(404, "NOT_FOUND", "Page not found");
            }
            if (r.method().equals("GET")) {
                return properties(r, page);
            }
            return r.method().equals("POST") ? createProperty(r, page) : updateProperty(r, page, m.group(2));
        }
        return error(404, "the Confluence stand-in has no " + r.method() + " " + r.path());
    }

    private Reply spaces(Received r) {
        ObjectNode result = object();
        ArrayNode results = result.putArray("results");
        if (SPACE_KEY.equals(r.param("keys"))) {
            ObjectNode space = results.addObject();
            space.put("id", SPACE_ID);
            space.put("key", SPACE_KEY);
            space.put("name", "Engineering");
            space.put("type", "global");
            space.put("status", "current");
        }
        result.putObject("_links");
        return Reply.json(200, result);
    }

    private Reply findPages(Received r) {
        ObjectNode result = object();
        ArrayNode results = result.putArray("results");
        pages.values().stream()
                .filter(pg -> r.param("space-id") == null || pg.spaceId.equals(r.param("space-id")))
                .filter(pg -> r.param("title") == null || pg.title.equals(r.param("title")))
                .forEach(pg -> results.add(pageJson(pg, false)));
        result.putObject("_links");
        return Reply.json(200, result);
    }

    private Reply create(Received r) {
        JsonNode body = r.json();
        String spaceId = body.path("spaceId").asText();
        String title = body.path("title").asText("");
        String parentId = body.hasNonNull("parentId") ? body.get("parentId").asText() : null;
        if (!SPACE_ID.equals(spaceId)) {
            return confluenceError(404, "NOT_FOUND", "Space not found");
        }
        if (title.isBlank()) {
            return confluenceError(400, "INVALID_REQUEST_PARAMETER", "Title is required");
        }
        if (parentId != null && !pages.containsKey(parentId)) {
            return confluenceError(404, "NOT_FOUND", "Parent page not found");
        }
        if (titleTaken(spaceId, title, null)) {
            return confluenceError(400, "INVALID_REQUEST_PARAMETER",
                    "A page with this title already exists: A page already exists with the same TITLE in this space");
        }
        String storage = storage(r, body);
        if (storage == null) {
            return confluenceError(400, "INVALID_MESSAGE", "Error parsing xhtml");
        }
        Page page = new Page(String.valueOf(nextPageId++), spaceId, parentId, title, storage);
        pages.put(page.id, page);
        return Reply.json(200, pageJson(page, true));
    }

    private Reply update(Received r, Page page) {
        JsonNode body = r.json();
        int number = body.path("version").path("number").asInt(-1);
        if (number != page.version + 1) {
            return confluenceError(409, "CONFLICT", "Version must be incremented when updating a page. Current "
                    + "Version: [" + page.version + "]. Provided version: [" + number + "]");
        }
        String title = body.path("title").asText("");
        if (titleTaken(page.spaceId, title, page.id)) {
            return confluenceError(400, "INVALID_REQUEST_PARAMETER", "A page with this title already exists");
        }
        String storage = storage(r, body);
        if (storage == null) {
            return confluenceError(400, "INVALID_MESSAGE", "Error parsing xhtml");
        }
        page.title = title;
        page.storage = storage;
        page.version = number;
        page.message = body.path("version").path("message").asText(null);
        return Reply.json(200, pageJson(page, true));
    }

    private Reply properties(Received r, Page page) {
        ObjectNode result = object();
        ArrayNode results = result.putArray("results");
        page.properties.values().stream()
                .filter(p -> r.param("key") == null || p.get("key").asText().equals(r.param("key")))
                .forEach(results::add);
        result.putObject("_links");
        return Reply.json(200, result);
    }

    private Reply createProperty(Received r, Page page) {
        JsonNode body = r.json();
        String key = body.path("key").asText("");
        if (key.isEmpty() || page.properties.containsKey(key)) {
            return confluenceError(400, "INVALID_REQUEST_PARAMETER", "A property with this key already exists");
        }
        ObjectNode property = object();
        property.put("id", String.valueOf(nextPropertyId++));
        property.put("key", key);
        property.set("value", body.get("value"));
        property.putObject("version").put("number", 1).put("createdAt", Instant.now().toString());
        page.properties.put(key, property);
        return Reply.json(200, property);
    }

    private Reply updateProperty(Received r, Page page, String propertyId) {
        ObjectNode property = page.properties.values().stream()
                .filter(p -> p.get("id").asText().equals(propertyId)).findFirst().orElse(null);
        if (property == null) {
            return confluenceError(404, "NOT_FOUND", "Property not found");
        }
        JsonNode body = r.json();
        int number = body.path("version").path("number").asInt(-1);
        int current = property.path("version").path("number").asInt();
        if (number != current + 1) {
            return confluenceError(409, "CONFLICT", "Version must be incremented");
        }
        property.set("value", body.get("value"));
        property.putObject("version").put("number", number).put("createdAt", Instant.now().toString());
        return Reply.json(200, property);
    }

    private boolean titleTaken(String spaceId, String title, String exceptId) {
        return pages.values().stream()
                .anyMatch(pg -> pg.spaceId.equals(spaceId) && pg.title.equals(title) && !pg.id.equals(exceptId));
    }

    /** The storage value of a write, or null (and a violation) when it is not storage format or not well-formed. */
    private String storage(Received r, JsonNode body) {
        JsonNode b = body.path("body");
        if (!"storage".equals(b.path("representation").asText())) {
            violation(r, "body is not in storage representation: " + b);
            return null;
        }
        String value = b.path("value").asText("");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.parse(new InputSource(new StringReader("<root xmlns:ac=\"http://atlassian.com/content\" "
                    + "xmlns:ri=\"http://atlassian.com/resource/identifier\">" + value + "</root>")));
            return value;
        } catch (Exception e) {
            violation(r, "body is not well-formed storage format: " + e.getMessage());
            return null;
        }
    }

    private ObjectNode pageJson(Page page, boolean withBody) {
        ObjectNode json = object();
        json.put("id", page.id);
        json.put("status", "current");
        json.put("title", page.title);
        json.put("spaceId", page.spaceId);
        if (page.parentId != null) {
            json.put("parentId", page.parentId);
            json.put("parentType", "page");
        }
        json.put("authorId", "5b10a2844c20165700ede21g");
        ObjectNode version = json.putObject("version");
        version.put("number", page.version);
        if (page.message != null) {
            version.put("message", page.message);
        }
        version.put("minorEdit", false);
        if (withBody) {
            ObjectNode storage = json.putObject("body").putObject("storage");
            storage.put("representation", "storage");
            storage.put("value", page.storage);
        }
        json.putObject("_links").put("webui", "/spaces/" + SPACE_KEY + "/pages/" + page.id);
        return json;
    }

    private static Reply confluenceError(int status, String code, String title) {
        ObjectNode body = object();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("status", status);
        error.put("code", code);
        error.put("title", title);
        error.putNull("detail");
        return Reply.json(status, body);
    }
}
