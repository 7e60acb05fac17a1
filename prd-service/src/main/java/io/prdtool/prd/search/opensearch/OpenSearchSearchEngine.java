package io.prdtool.prd.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.prd.search.Highlights;
import io.prdtool.prd.search.IndexPage;
import io.prdtool.prd.search.PostgresSearchEngine;
import io.prdtool.prd.search.SearchApi;
import io.prdtool.prd.search.SearchCursor;
import io.prdtool.prd.search.SearchEngine;
import io.prdtool.prd.search.SearchRequest;
import io.prdtool.prd.search.lucene.EnglishAnalysis;
import io.prdtool.prd.search.lucene.PrdRows;
import io.prdtool.prd.search.lucene.WebSearchQuery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The {@code opensearch} engine, for installations that outgrow one machine: one OpenSearch index shared by every
 * instance ({@link OpenSearchIndex}, filled by {@link OpenSearchProjector} through one consumer group), with the same
 * English analysis, web-search syntax ({@link WebSearchQuery}, written as OpenSearch DSL by {@link OpenSearchQuery}),
 * title boost, filters, keyset paging on (score, updated, id) and highlighted snippets as the lucene engine.
 * <p>
 * PostgreSQL stays the truth: before searching, the organization's PRDs written in the last few seconds are compared
 * with the versions in the index and written into it if the projector has not yet (read-your-writes); after
 * searching, the page is re-read from {@code prds} with the organization and the filters, so a PRD deleted a moment
 * ago or moved out of the filters never shows. Every search is filtered by, and routed to the shard of, the
 * organization.
 */
@ApplicationScoped
public class OpenSearchSearchEngine implements SearchEngine {

    public static final String NAME = "opensearch";

    private static final Logger LOG = Logger.getLogger(OpenSearchSearchEngine.class);

    private static final int FRESH_LIMIT = 32;
    private static final int SNIPPET_CHARS = 160;
    // private-use characters: OpenSearch trims each fragment like String.trim(), which took control characters at
    // a fragment's start (a match there lost its opening mark); the index holds neither (OpenSearchIndex)
    private static final String START = String.valueOf(OpenSearchIndex.MARK_OPEN);
    private static final String STOP = String.valueOf(OpenSearchIndex.MARK_CLOSE);

    private final PrdRows rows;
    private final PostgresSearchEngine postgres;
    private final Pool pool;
    private final ObjectMapper json;
    private final OpenSearchConfig config;
    private final String engine;
    private final String bootstrapServers;
    private final EnglishAnalysis analyzer = new EnglishAnalysis();
    private volatile OpenSearchIndex index;
    private volatile OpenSearchProjector projector;

    public OpenSearchSearchEngine(PrdRows rows, PostgresSearchEngine postgres, Pool pool, ObjectMapper json,
            OpenSearchConfig config,
            @ConfigProperty(name = "prdtool.search.engine", defaultValue = "lucene") String engine,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.rows = rows;
        this.postgres = postgres;
        this.pool = pool;
        this.json = json;
        this.config = config;
        this.engine = engine;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (!NAME.equals(engine)) {
            return;
        }
        index = new OpenSearchIndex(config, json);
        projector = new OpenSearchProjector(index, rows, pool, bootstrapServers, config.consumerGroup());
        projector.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (projector != null) {
            projector.stop();
        }
        if (index != null) {
            index.close();
        }
    }

    /** Whether the engine is configured and its index answers searches. */
    public boolean ready() {
        OpenSearchProjector p = projector;
        return p != null && p.state() == OpenSearchProjector.State.READY;
    }

    /** The projector (state, lag, documents, index names), or null when the engine is not opensearch. */
    public OpenSearchProjector projector() {
        return projector;
    }

    /** The index (names), or null when the engine is not opensearch. */
    public OpenSearchIndex index() {
        return index;
    }

    private record Page(List<IndexPage.Hit> hits, boolean more, int offset) {
    }

    @Override
    public Uni<SearchApi.Results> search(SearchRequest request) {
        WebSearchQuery parsed = WebSearchQuery.parse(request.query(), analyzer, config.titleBoost());
        int offset = request.pageOffset();
        if (parsed.text() == null) {
            return Uni.createFrom().item(new SearchApi.Results(request.query(), List.of(), offset,
                    request.limit(), null, null));
        }
        return freshen(request.orgId())
                .chain(() -> Uni.createFrom().completionStage(() -> index.search(request.orgId(),
                        body(request, parsed, offset))))
                .map(answer -> page(answer, request, offset))
                .chain(page -> recheck(request, parsed, page))
                .onFailure(OpenSearchSearchEngine::unavailable).recoverWithUni(e -> {
                    // OpenSearch down or failing: PostgreSQL still answers (an offset page; a keyset cursor is then
                    // refused as one of another engine, a 400 telling the client to start again)
                    LOG.warnf("opensearch search failed, answering from postgres: %s", e.getMessage());
                    return Uni.createFrom().deferred(() -> postgres.search(request));
                });
    }

    /** Writes the organization's recent writes that the index does not hold at their version yet. */
    private Uni<Void> freshen(UUID orgId) {
        int seconds = (int) Math.max(1, config.freshWindow().toSeconds());
        return rows.recentWrites(orgId, seconds, FRESH_LIMIT).chain(recent -> {
            if (recent.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> ids = recent.stream().map(PrdRows.Version::id).toList();
            return Uni.createFrom().completionStage(() -> index.versions(orgId, ids)).chain(held -> {
                Map<UUID, UUID> stale = new HashMap<>();
                for (PrdRows.Version v : recent) {
                    Long version = held.get(v.id());
                    if (version == null || version < v.updatedMicros()) {
                        stale.put(v.id(), orgId);
                    }
                }
                LOG.debugf("read-your-writes: %d recent, index holds %s, stale %s", recent.size(), held, stale);
                if (stale.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                return Uni.createFrom().item(() -> {
                    projector.sync(stale, true);
                    return (Void) null;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            });
        });
    }

    private ObjectNode body(SearchRequest request, WebSearchQuery parsed, int offset) {
        ObjectNode body = json.createObjectNode();
        ObjectNode bool = body.putObject("query").putObject("bool");
        bool.putArray("must").add(OpenSearchQuery.of(parsed.text()));
        ArrayNode filter = bool.putArray("filter");
        term(filter, "org", request.orgId());
        SearchRequest.Filters f = request.filters();
        term(filter, "project", f.projectId());
        term(filter, "status", f.status());
        term(filter, "template", f.templateId());
        term(filter, "author", f.authorId());
        if (f.updatedFrom() != null || f.updatedTo() != null) {
            ObjectNode range = filter.addObject().putObject("range").putObject("updated");
            if (f.updatedFrom() != null) {
                range.put("gte", micros(f.updatedFrom()));
            }
            if (f.updatedTo() != null) {
                range.put("lt", micros(f.updatedTo()));
            }
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("_score", "desc");
        sort.addObject().put("updated", "desc");
        sort.addObject().put("id", "asc");
        body.put("track_scores", true);
        body.put("track_total_hits", false);
        body.put("_source", false);
        body.put("size", request.limit() + 1);
        SearchCursor cursor = request.cursor();
        if (cursor != null && cursor.isKeyset()) {
            body.putArray("search_after").add(cursor.score()).add(cursor.updatedMicros())
                    .add(cursor.id().toString());
        } else {
            body.put("from", offset);
        }
        ObjectNode highlight = body.putObject("highlight");
        highlight.putArray("pre_tags").add(START);
        highlight.putArray("post_tags").add(STOP);
        highlight.set("highlight_query", parsed.positive() == null
                ? json.createObjectNode().set("match_none", json.createObjectNode())
                : OpenSearchQuery.of(parsed.positive()));
        ObjectNode fields = highlight.putObject("fields");
        fields.putObject("content").put("type", "unified").put("fragment_size", SNIPPET_CHARS)
                .put("number_of_fragments", 2).put("no_match_size", SNIPPET_CHARS);
        return body;
    }

    private Page page(JsonNode answer, SearchRequest request, int offset) {
        List<IndexPage.Hit> found = new ArrayList<>();
        JsonNode hits = answer.path("hits").path("hits");
        for (int i = 0; i < Math.min(hits.size(), request.limit()); i++) {
            JsonNode hit = hits.get(i);
            JsonNode sortValues = hit.path("sort");
            JsonNode h = hit.path("highlight");
            List<String> fragments = new ArrayList<>();
            h.path("content").forEach(fragment -> fragments.add(mark(fragment.asText()).strip()));
            found.add(new IndexPage.Hit(UUID.fromString(hit.path("_id").asText()),
                    (float) sortValues.get(0).asDouble(), sortValues.get(1).asLong(), String.join(" … ", fragments),
                    false));
        }
        return new Page(found, hits.size() > request.limit(), offset);
    }

    private Uni<SearchApi.Results> recheck(SearchRequest request, WebSearchQuery parsed, Page page) {
        return IndexPage.recheck(pool, request, page.hits(), page.more(), page.offset(),
                title -> Highlights.title(analyzer, "title", title, parsed.terms()));
    }

    /** HTML-escapes highlighted text (whitespace runs as one space) and turns the match markers into marks. */
    private static String mark(String highlighted) {
        return Highlights.marked(highlighted, OpenSearchIndex.MARK_OPEN, OpenSearchIndex.MARK_CLOSE);
    }

    /** Failures of OpenSearch itself (unreachable, an error status), not of the request or of PostgreSQL. */
    private static boolean unavailable(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause()
                : e;
        return cause instanceof OpenSearchIndex.OpenSearchFailure || cause instanceof java.io.IOException
                || cause instanceof UncheckedIOException;
    }

    private static void term(ArrayNode filter, String field, Object value) {
        if (value != null) {
            filter.addObject().putObject("term").put(field, value.toString());
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
