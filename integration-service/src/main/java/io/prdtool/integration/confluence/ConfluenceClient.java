package io.prdtool.integration.confluence;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpCall;
import io.prdtool.integration.http.HttpTransport;
import io.smallrye.mutiny.Uni;

/**
 * Confluence Cloud REST API v2: one page per PRD, written in storage format ({@link StorageFormat}), updated with
 * {@code version.number + 1}, with provenance in a page property. Calls go through {@link HttpTransport} and fail only
 * with {@link DeliveryException}. Titles are unique within a space, so {@link #findPage} is the look-up before a
 * re-create after a create that timed out.
 */
@Singleton
public class ConfluenceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport http;

    @Inject
    public ConfluenceClient(HttpTransport http) {
        this.http = http;
    }

    /** The id of the space with {@code spaceKey}; {@link DeliveryException.Kind#GONE} when there is none. */
    public Uni<String> spaceIdForKey(ConfluenceSite site, String spaceKey) {
        HttpCall call = HttpCall.get("Confluence space", site.api("/spaces?keys=" + query(spaceKey) + "&limit=1"));
        return send(site, call).map(json -> {
            JsonNode first = json.path("results").path(0);
            if (first.isMissingNode() || text(first, "id") == null) {
                throw new DeliveryException(DeliveryException.Kind.GONE,
                        "Confluence has no space " + spaceKey + " visible to these credentials", null, null, null,
                        null);
            }
            return text(first, "id");
        });
    }

    /** The current page titled {@code title} in the space, if any. */
    public Uni<Optional<ConfluencePage>> findPage(ConfluenceSite site, String spaceId, String title) {
        HttpCall call = HttpCall.get("Confluence find page", site.api("/pages?space-id=" + query(spaceId)
                + "&title=" + query(title) + "&status=current&limit=1"));
        return send(site, call).map(json -> {
            JsonNode first = json.path("results").path(0);
            return first.isMissingNode() ? Optional.<ConfluencePage>empty() : Optional.of(page(first));
        });
    }

    /** Creates a page (status current) under {@code parentId} (null: the space's root). */
    public Uni<ConfluencePage> createPage(ConfluenceSite site, String spaceId, String parentId, String title,
            String storage) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("spaceId", spaceId);
        body.put("status", "current");
        body.put("title", title);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        storageBody(body, storage);
        HttpCall call = HttpCall.json("Confluence create page", "POST", site.api("/pages"), body.toString());
        return send(site, call).map(ConfluenceClient::page);
    }

    /** The page with its current version number. */
    public Uni<ConfluencePage> getPage(ConfluenceSite site, String pageId) {
        HttpCall call = HttpCall.get("Confluence get page", site.api("/pages/" + path(pageId)));
        return send(site, call).map(ConfluenceClient::page);
    }

    /**
     * Replaces the page's title and body as version {@code versionNumber} (the current number + 1) with
     * {@code message} (e.g. {@code "v1.2.0: …"}). On 409 (the page changed since the caller read it, or Confluence's
     * optimistic lock tripped) it reads the current version and tries once more with that + 1; the PRD is the source
     * of truth, so an edit made in Confluence in between is overwritten (and stays in the page history).
     */
    public Uni<ConfluencePage> updatePage(ConfluenceSite site, String pageId, String title, String storage,
            int versionNumber, String message) {
        return update(site, pageId, title, storage, versionNumber, message).onFailure(ConfluenceClient::conflict)
                .recoverWithUni(f -> getPage(site, pageId)
                        .flatMap(current -> update(site, pageId, title, storage, current.version() + 1, message)));
    }

    private Uni<ConfluencePage> update(ConfluenceSite site, String pageId, String title, String storage, int number,
            String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", pageId);
        body.put("status", "current");
        body.put("title", title);
        storageBody(body, storage);
        ObjectNode version = body.putObject("version");
        version.put("number", number);
        if (message != null) {
            version.put("message", message);
        }
        HttpCall call = HttpCall.json("Confluence update page", "PUT", site.api("/pages/" + path(pageId)),
                body.toString());
        return send(site, call).map(ConfluenceClient::page);
    }

    /** The page's property {@code key}, if set. */
    public Uni<Optional<PageProperty>> getProperty(ConfluenceSite site, String pageId, String key) {
        HttpCall call = HttpCall.get("Confluence page property",
                site.api("/pages/" + path(pageId) + "/properties?key=" + query(key)));
        return send(site, call).map(json -> {
            JsonNode first = json.path("results").path(0);
            return first.isMissingNode() ? Optional.<PageProperty>empty() : Optional.of(property(first));
        });
    }

    /** Sets the page's property {@code key} to {@code value}: created, or updated as its next version. */
    public Uni<PageProperty> setProperty(ConfluenceSite site, String pageId, String key, JsonNode value) {
        return getProperty(site, pageId, key).flatMap(existing -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("key", key);
            body.set("value", value);
            HttpCall call;
            if (existing.isEmpty()) {
                call = HttpCall.json("Confluence create page property", "POST",
                        site.api("/pages/" + path(pageId) + "/properties"), body.toString());
            } else {
                body.putObject("version").put("number", existing.get().version() + 1);
                call = HttpCall.json("Confluence update page property", "PUT", site.api("/pages/" + path(pageId)
                        + "/properties/" + path(existing.get().id())), body.toString());
            }
            return send(site, call).map(ConfluenceClient::property);
        });
    }

    // ---- plumbing

    private static void storageBody(ObjectNode body, String storage) {
        ObjectNode b = body.putObject("body");
        b.put("representation", "storage");
        b.put("value", storage);
    }

    private static boolean conflict(Throwable f) {
        return f instanceof DeliveryException d && Integer.valueOf(409).equals(d.status());
    }

    private Uni<JsonNode> send(ConfluenceSite site, HttpCall call) {
        HttpCall authed = call.auth(site.auth());
        return http.send(authed).map(result -> {
            if (!result.isSuccess()) {
                throw HttpTransport.failure(authed, result, false, site.auth().secret());
            }
            try {
                JsonNode json = result.body().length == 0
                        ? JsonNodeFactory.instance.objectNode()
                        : JSON.readTree(result.body());
                if (json == null || !json.isObject()) {
                    throw DeliveryException.terminal(call.what() + " answered with something other than JSON");
                }
                return json;
            } catch (IOException e) {
                throw DeliveryException.terminal(call.what() + " answered with malformed JSON");
            }
        });
    }

    private static ConfluencePage page(JsonNode json) {
        return new ConfluencePage(text(json, "id"), text(json, "spaceId"), text(json, "parentId"),
                text(json, "title"), json.path("version").path("number").asInt(0));
    }

    private static PageProperty property(JsonNode json) {
        return new PageProperty(text(json, "id"), text(json, "key"), json.get("value"),
                json.path("version").path("number").asInt(0));
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String path(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
