package io.prdtool.prd.search.opensearch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.prd.search.lucene.EnglishAnalysis;
import io.prdtool.prd.search.lucene.PrdRows.PrdRow;

/**
 * The OpenSearch side of the {@code opensearch} engine: the client (opensearch-java's generic client over its Apache
 * HttpClient 5 transport; request and response bodies are Jackson trees, so nothing is bound by reflection) and the
 * index it keeps.
 * <p>
 * Layout: the alias {@code <prefix>-prds} points at the versioned index {@code <prefix>-prds-v<n>}; one document per
 * PRD, id = PRD id, routed by organization id (routing is required, so an organization's PRDs live on one shard and a
 * search of it asks that shard only). Writes use external versioning with the row's {@code updated_at} in
 * microseconds: writing a row read earlier over one read later is refused by OpenSearch (a version conflict, which
 * counts as done), so writers can apply changes twice and in any order. A delete is written with a version above
 * every timestamp, so no late write of a row read before the delete brings the PRD back while OpenSearch keeps the
 * tombstone ({@code index.gc_deletes}, 60 s); the engine re-checks every page in PostgreSQL anyway. The mapping's
 * {@code _meta.complete} says whether the index has been filled from the table.
 */
public final class OpenSearchIndex implements AutoCloseable {

    /** What a search's highlighter puts before and after a match (private-use characters, kept out of the index). */
    public static final char MARK_OPEN = '\uE000';
    public static final char MARK_CLOSE = '\uE001';

    /** Bumped when the mapping or the analysis changes incompatibly (with a new index version in the config). */
    static final int LAYOUT = 1;
    /** The external version of a delete: above the version (updated_at in µs) of any row. */
    static final long DELETED = 1L << 62;

    private final OpenSearchConfig config;
    private final ObjectMapper json;
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchGenericClient client;
    private final String alias;
    private final String index;

    public OpenSearchIndex(OpenSearchConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.alias = config.indexPrefix() + "-prds";
        this.index = alias + "-v" + config.indexVersion();
        List<HttpHost> hosts = new ArrayList<>();
        for (String url : config.urls()) {
            try {
                hosts.add(HttpHost.create(url.strip()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("prdtool.search.opensearch.urls: not a URL: " + url, e);
            }
        }
        Timeout timeout = Timeout.ofMilliseconds(config.requestTimeout().toMillis());
        this.transport = ApacheHttpClient5TransportBuilder.builder(hosts.toArray(new HttpHost[0]))
                .setHttpClientConfigCallback(b -> {
                    if (config.username().isPresent()) {
                        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                        for (HttpHost host : hosts) {
                            credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(
                                    config.username().get(), config.password().orElse("").toCharArray()));
                        }
                        b.setDefaultCredentialsProvider(credentials);
                    }
                    return b;
                })
                .setRequestConfigCallback(b -> b.setResponseTimeout(timeout).setConnectionRequestTimeout(timeout))
                .setMapper(new JacksonJsonpMapper(json))
                .build();
        this.client = new OpenSearchGenericClient(transport);
    }

    /** The alias searches go through. */
    public String alias() {
        return alias;
    }

    /** The versioned index this instance fills. */
    public String index() {
        return index;
    }

    /** An answer of OpenSearch with an error status. */
    public static final class OpenSearchFailure extends RuntimeException {

        private final int status;

        OpenSearchFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    // ------------------------------------------------------------------------------------------------ the index

    /** Creates this instance's versioned index if it does not exist; true when this call created it. Blocking. */
    public boolean create() {
        ObjectNode body = json.createObjectNode();
        ObjectNode settings = body.putObject("settings");
        ObjectNode idx = settings.putObject("index");
        idx.put("number_of_shards", config.shards());
        idx.put("number_of_replicas", config.replicas());
        idx.put("refresh_interval", config.refreshInterval());
        ObjectNode analysis = settings.putObject("analysis");
        ObjectNode filters = analysis.putObject("filter");
        filters.putObject("prd_possessive").put("type", "stemmer").put("language", "possessive_english");
        ArrayNode stop = filters.putObject("prd_stop").put("type", "stop").putArray("stopwords");
        for (Object word : EnglishAnalysis.STOP_WORDS) {
            stop.add(new String((char[]) word));
        }
        filters.putObject("prd_snowball").put("type", "snowball").put("language", "English");
        ObjectNode analyzer = analysis.putObject("analyzer").putObject("prd_english");
        analyzer.put("type", "custom").put("tokenizer", "standard");
        analyzer.putArray("filter").add("prd_possessive").add("lowercase").add("prd_stop").add("prd_snowball");
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.putObject("_routing").put("required", true);
        mappings.putObject("_meta").put("layout", LAYOUT).put("complete", false)
                .put("heartbeat", System.currentTimeMillis());
        ObjectNode properties = mappings.putObject("properties");
        for (String keyword : List.of("id", "org", "project", "status", "template", "author")) {
            properties.putObject(keyword).put("type", "keyword");
        }
        properties.putObject("updated").put("type", "long");
        for (String text : List.of("title", "content")) {
            // offsets in the postings: the unified highlighter needs no re-analysis
            properties.putObject(text).put("type", "text").put("analyzer", "prd_english")
                    .put("index_options", "offsets");
        }
        JsonNode answer = call("PUT", "/" + index, Map.of(), body.toString(), 400);
        if (answer.path("status").asInt(200) == 400) {
            if ("resource_already_exists_exception".equals(answer.path("error").path("type").asText())) {
                return false;
            }
            throw new OpenSearchFailure(400, "could not create " + index + ": " + answer.path("error"));
        }
        return true;
    }

    /**
     * How far this instance's index is filled from the table: {@code complete} ({@code _meta.complete}), and when the
     * instance filling it last said it was alive ({@code heartbeat}, epoch ms; 0 when never).
     */
    public record Fill(boolean complete, long heartbeat) {
    }

    /** The index's {@link Fill}, read from its mapping. Blocking. */
    public Fill fill() {
        JsonNode answer = call("GET", "/" + index + "/_mapping", Map.of(), null, 404);
        JsonNode meta = answer.path(index).path("mappings").path("_meta");
        return new Fill(meta.path("complete").asBoolean(false), meta.path("heartbeat").asLong(0));
    }

    /** Whether this instance's index has been filled from the table ({@code _meta.complete}). Blocking. */
    public boolean complete() {
        return fill().complete();
    }

    /** Records that the index is being filled, as of {@code epochMillis}. Blocking. */
    public void heartbeat(long epochMillis) {
        ObjectNode body = json.createObjectNode();
        body.putObject("_meta").put("layout", LAYOUT).put("complete", false).put("heartbeat", epochMillis);
        call("PUT", "/" + index + "/_mapping", Map.of(), body.toString());
    }

    /** Records that the index has been filled from the table. Blocking. */
    public void markComplete() {
        ObjectNode body = json.createObjectNode();
        body.putObject("_meta").put("layout", LAYOUT).put("complete", true);
        call("PUT", "/" + index + "/_mapping", Map.of(), body.toString());
    }

    /** The indices the alias points at (none when it does not exist). Blocking. */
    public Set<String> aliasTargets() {
        JsonNode answer = call("GET", "/_alias/" + alias, Map.of(), null, 404);
        Set<String> targets = new LinkedHashSet<>();
        answer.fieldNames().forEachRemaining(name -> {
            if (answer.get(name).has("aliases")) {
                targets.add(name);
            }
        });
        return targets;
    }

    /** Points the alias at this instance's index only, in one atomic change. Blocking. */
    public void pointAlias() {
        ObjectNode body = json.createObjectNode();
        ArrayNode actions = body.putArray("actions");
        for (String old : aliasTargets()) {
            if (!old.equals(index)) {
                actions.addObject().putObject("remove").put("index", old).put("alias", alias);
            }
        }
        actions.addObject().putObject("add").put("index", index).put("alias", alias);
        call("POST", "/_aliases", Map.of(), body.toString());
    }

    /** Number of PRDs in this instance's index. Blocking. */
    public long count() {
        return call("GET", "/" + index + "/_count", Map.of(), null).path("count").asLong();
    }

    /** Makes what was written to this instance's index searchable now. Blocking. */
    public void refresh() {
        call("POST", "/" + index + "/_refresh", Map.of(), null);
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Writes these rows and deletes these PRDs (id → organization, null when not known) in every one of
     * {@code targets}, in one bulk request; {@code refresh}: searchable when this returns. Blocking.
     */
    public void write(Collection<String> targets, Collection<PrdRow> rows, Map<UUID, UUID> deleted,
            boolean refresh) {
        if (rows.isEmpty() && deleted.isEmpty()) {
            return;
        }
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        List<UUID> unrouted = new ArrayList<>();
        try {
            for (String target : targets) {
                for (PrdRow row : rows) {
                    ObjectNode action = json.createObjectNode();
                    action.putObject("index").put("_index", target).put("_id", row.id().toString())
                            .put("routing", row.organizationId().toString()).put("version", row.updatedMicros())
                            .put("version_type", "external");
                    line(ndjson, action);
                    line(ndjson, document(row));
                }
                for (Map.Entry<UUID, UUID> d : deleted.entrySet()) {
                    if (d.getValue() == null) {
                        unrouted.add(d.getKey());
                        continue;
                    }
                    ObjectNode action = json.createObjectNode();
                    action.putObject("delete").put("_index", target).put("_id", d.getKey().toString())
                            .put("routing", d.getValue().toString()).put("version", DELETED)
                            .put("version_type", "external");
                    line(ndjson, action);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ndjson.size() > 0) {
            JsonNode answer = execute(Requests.builder().method("POST").endpoint("/_bulk").query(Map.of())
                    .body(Body.from(ndjson.toByteArray(), "application/x-ndjson")).build(), Set.of());
            if (answer.path("errors").asBoolean(false)) {
                for (JsonNode item : answer.path("items")) {
                    JsonNode result = item.elements().next();
                    int status = result.path("status").asInt();
                    // 409: a newer version is already there; 404: deleting what was never indexed
                    if (status >= 300 && status != 409 && status != 404) {
                        throw new OpenSearchFailure(status, "bulk write refused: " + result.path("error"));
                    }
                }
            }
        }
        if (!unrouted.isEmpty()) {
            // an event without its organization: find the document on any shard
            ObjectNode body = json.createObjectNode();
            ArrayNode ids = body.putObject("query").putObject("terms").putArray("id");
            unrouted.forEach(id -> ids.add(id.toString()));
            call("POST", "/" + String.join(",", targets) + "/_delete_by_query", Map.of("conflicts", "proceed"),
                    body.toString());
        }
        if (refresh) {
            // explicitly, not refresh=true on the bulk: a write refused as a conflict (another writer was first,
            // unrefreshed) must become searchable too
            call("POST", "/" + String.join(",", targets) + "/_refresh", Map.of(), null);
        }
    }

    /**
     * The versions (updated_at in µs) that searches of the alias's index see for these PRDs of one organization
     * (refreshed ones only: not the real-time get, which also sees writes not yet searchable); absent ones are
     * missing from the map. Non-blocking.
     */
    public CompletableFuture<Map<UUID, Long>> versions(UUID orgId, Collection<UUID> ids) {
        ObjectNode body = json.createObjectNode();
        ArrayNode docs = body.putArray("docs");
        for (UUID id : ids) {
            docs.addObject().put("_id", id.toString()).put("routing", orgId.toString()).put("_source", false);
        }
        return callAsync("POST", "/" + alias + "/_mget", Map.of("realtime", "false"), body.toString())
                .thenApply(answer -> {
                    Map<UUID, Long> versions = new HashMap<>();
                    for (JsonNode doc : answer.path("docs")) {
                        if (doc.path("found").asBoolean(false)) {
                            versions.put(UUID.fromString(doc.path("_id").asText()), doc.path("_version").asLong());
                        }
                    }
                    return versions;
                });
    }

    /** Runs a search of one organization's PRDs through the alias, routed to its shard. Non-blocking. */
    public CompletableFuture<JsonNode> search(UUID orgId, ObjectNode body) {
        return callAsync("POST", "/" + alias + "/_search", Map.of("routing", orgId.toString()), body.toString());
    }

    private ObjectNode document(PrdRow row) {
        ObjectNode doc = json.createObjectNode();
        doc.put("id", row.id().toString());
        doc.put("org", row.organizationId().toString());
        doc.put("project", row.projectId().toString());
        doc.put("status", row.status());
        if (row.templateId() != null) {
            doc.put("template", row.templateId().toString());
        }
        if (row.createdBy() != null) {
            doc.put("author", row.createdBy().toString());
        }
        doc.put("updated", row.updatedMicros());
        doc.put("title", withoutMarkers(row.title()));
        doc.put("content", withoutMarkers(row.content()));
        return doc;
    }

    /**
     * The text without {@link #MARK_OPEN}/{@link #MARK_CLOSE}, the characters searches ask OpenSearch to put around
     * matches: one in a PRD would otherwise open or close a mark in a snippet.
     */
    static String withoutMarkers(String text) {
        return text.indexOf(MARK_OPEN) < 0 && text.indexOf(MARK_CLOSE) < 0
                ? text
                : text.replace(String.valueOf(MARK_OPEN), "").replace(String.valueOf(MARK_CLOSE), "");
    }

    private void line(ByteArrayOutputStream out, JsonNode node) throws IOException {
        json.writeValue(out, node);
        out.write('\n');
    }

    // ------------------------------------------------------------------------------------------------ transport

    private JsonNode call(String method, String endpoint, Map<String, String> params, String body,
            Integer... accepted) {
        var builder = Requests.builder().method(method).endpoint(endpoint).query(params);
        if (body != null) {
            builder.json(body);
        }
        return execute(builder.build(), Set.of(accepted));
    }

    private JsonNode execute(Request request, Set<Integer> accepted) {
        try (Response response = client.execute(request)) {
            return read(response, accepted);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch unreachable: " + e.getMessage(), e);
        }
    }

    private CompletableFuture<JsonNode> callAsync(String method, String endpoint, Map<String, String> params,
            String body) {
        Request request = Requests.builder().method(method).endpoint(endpoint).query(params).json(body).build();
        return client.executeAsync(request).thenApply(response -> {
            try (response) {
                return read(response, Set.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private JsonNode read(Response response, Set<Integer> accepted) throws IOException {
        int status = response.getStatus();
        String text = response.getBody().map(Body::bodyAsString).orElse("{}");
        JsonNode node = json.readTree(text.isBlank() ? "{}" : text);
        if (status >= 300) {
            if (accepted.contains(status)) {
                ObjectNode copy = node.isObject() ? (ObjectNode) node : json.createObjectNode();
                copy.put("status", status);
                return copy;
            }
            throw new OpenSearchFailure(status, response.getMethod() + " " + response.getUri() + " answered "
                    + status + ": " + abbreviate(text));
        }
        return node;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
