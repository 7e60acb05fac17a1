package io.prdtool.prd.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prdtool.prd.search.Highlights;
import io.prdtool.prd.search.IndexPage;
import io.prdtool.prd.search.SearchApi;
import io.prdtool.prd.search.SearchCursor;
import io.prdtool.prd.search.SearchEngine;
import io.prdtool.prd.search.SearchRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The {@code lucene} engine (default): an embedded Lucene index per instance ({@link LuceneIndex}, fed by
 * {@link LuceneProjector}), BM25 with a title boost, English analysis ({@link EnglishAnalysis}), the web-search syntax
 * ({@link WebSearchQuery}), filters as non-scoring clauses, keyset paging on (score, updated, id) and snippets from
 * the unified highlighter.
 * <p>
 * Around the index, PostgreSQL stays the truth: before searching, the organization's PRDs written in the last few
 * seconds are checked against the index and re-read into it if the projector has not applied them yet
 * (read-your-writes); after searching, the page is re-read from {@code prds} with the organization and the filters, so
 * a PRD deleted a moment ago or moved out of the filters never shows.
 */
@ApplicationScoped
public class LuceneSearchEngine implements SearchEngine {

    public static final String NAME = "lucene";
    public static final String POSTGRES = "postgres";

    private static final Sort SORT = new Sort(SortField.FIELD_SCORE,
            new SortField(LuceneIndex.UPDATED, SortField.Type.LONG, true),
            new SortField(LuceneIndex.ID_HIGH, SortField.Type.LONG),
            new SortField(LuceneIndex.ID_LOW, SortField.Type.LONG));
    /** The result order (as {@link #SORT}) for hits re-ranked in memory. */
    private static final Comparator<FieldDoc> ORDER = Comparator.<FieldDoc>comparingDouble(d -> -d.score)
            .thenComparing(d -> (Long) d.fields[1], Comparator.reverseOrder())
            .thenComparing(d -> (Long) d.fields[2])
            .thenComparing(d -> (Long) d.fields[3]);
    private static final int FRESH_LIMIT = 32;
    private static final int SNIPPET_CHARS = 160;

    private final PrdRows rows;
    private final Pool pool;
    private final String engine;
    private final Optional<String> directory;
    private final float titleBoost;
    private final int proximityWindow;
    private final Duration commitEvery;
    private final Duration freshWindow;
    private final String bootstrapServers;
    private volatile LuceneIndex index;
    private volatile LuceneProjector projector;

    public LuceneSearchEngine(PrdRows rows, Pool pool,
            @ConfigProperty(name = "prdtool.search.engine", defaultValue = NAME) String engine,
            @ConfigProperty(name = "prdtool.search.lucene.directory") Optional<String> directory,
            @ConfigProperty(name = "prdtool.search.lucene.title-boost", defaultValue = "2.0") float titleBoost,
            @ConfigProperty(name = "prdtool.search.lucene.proximity-window", defaultValue = "100") int proximityWindow,
            @ConfigProperty(name = "prdtool.search.lucene.commit-every", defaultValue = "1s") Duration commitEvery,
            @ConfigProperty(name = "prdtool.search.lucene.fresh-window", defaultValue = "10s") Duration freshWindow,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.rows = rows;
        this.pool = pool;
        this.engine = engine;
        this.directory = directory;
        this.titleBoost = titleBoost;
        if (proximityWindow < 1) {
            throw new IllegalArgumentException("prdtool.search.lucene.proximity-window must be at least 1");
        }
        this.proximityWindow = proximityWindow;
        this.commitEvery = commitEvery;
        this.freshWindow = freshWindow;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (!NAME.equals(engine) && !POSTGRES.equals(engine) && !"opensearch".equals(engine)) {
            throw new IllegalStateException("prdtool.search.engine must be lucene, opensearch or postgres, not "
                    + engine);
        }
        if (!NAME.equals(engine)) {
            return;
        }
        index = new LuceneIndex(directory.filter(d -> !d.isBlank()).map(Path::of).orElse(null),
                new EnglishAnalysis());
        projector = new LuceneProjector(index, rows, bootstrapServers, commitEvery);
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

    /** The configured engine name. */
    public String engine() {
        return engine;
    }

    /** Whether the index has caught up with the events and answers searches. */
    public boolean ready() {
        LuceneProjector p = projector;
        return p != null && p.state() == LuceneProjector.State.READY;
    }

    /** The projector's state, or null when the engine is not lucene. */
    public LuceneProjector.State state() {
        LuceneProjector p = projector;
        return p == null ? null : p.state();
    }

    /** Whether the index was rebuilt from the table at start (rather than resumed from its committed offsets). */
    public boolean bootstrapped() {
        LuceneProjector p = projector;
        return p != null && p.bootstrapped();
    }

    public long lag() {
        LuceneProjector p = projector;
        return p == null ? -1 : p.lag();
    }

    public int documents() {
        LuceneIndex i = index;
        return i == null ? 0 : i.size();
    }

    private record Page(List<IndexPage.Hit> hits, boolean more, int offset) {
    }

    @Override
    public Uni<SearchApi.Results> search(SearchRequest request) {
        return search(request, Uni.createFrom().item(Boolean.TRUE));
    }

    /**
     * The access check and the read-your-writes query run concurrently (two statements on two connections, one
     * round trip of waiting); the index is searched only after both succeeded, so a caller who fails the check
     * gets its failure and nothing was searched for them.
     */
    @Override
    public Uni<SearchApi.Results> search(SearchRequest request, Uni<?> allowed) {
        WebSearchQuery parsed = WebSearchQuery.parse(request.query(), index.analyzer(), titleBoost);
        int offset = request.pageOffset();
        if (parsed.text() == null) {
            return allowed.map(ok -> new SearchApi.Results(request.query(), List.of(), offset,
                    request.limit(), null, null));
        }
        Uni<List<PrdRows.Version>> fresh = rows.recentWrites(request.orgId(),
                (int) Math.max(1, freshWindow.toSeconds()), FRESH_LIMIT);
        return Uni.combine().all().unis(allowed, fresh).asTuple()
                .map(checkedAndFresh -> checkedAndFresh.getItem2())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(recent -> {
                    Set<UUID> stale = index.stale(recent);
                    if (!stale.isEmpty()) {
                        index.sync(stale, rows);
                        index.refresh();
                    }
                    return searchIndex(request, parsed, offset);
                })
                .chain(page -> recheck(request, parsed, page));
    }

    private Page searchIndex(SearchRequest request, WebSearchQuery parsed, int offset) {
        int limit = request.limit();
        SearchCursor cursor = request.cursor();
        boolean keyset = cursor != null && cursor.isKeyset();
        IndexSearcher searcher = index.acquire();
        try {
            // the hits from the request's position on, one more than the page (to tell whether there is a next page)
            List<Ranked> ranked = parsed.proximity() == null
                    ? afterKey(searcher, filtered(parsed.text(), request), keyset ? key(searcher, cursor) : null,
                            keyset ? 0 : offset, limit + 1, false)
                    : rescoredFrom(searcher, parsed, request, keyset ? cursor : null, keyset ? 0 : offset,
                            limit + 1);
            int size = Math.min(limit, ranked.size());
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                ids[i] = ranked.get(i).doc().doc;
            }
            String[] snippets = snippets(searcher, parsed, ids);
            List<IndexPage.Hit> hits = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                FieldDoc fd = ranked.get(i).doc();
                hits.add(new IndexPage.Hit(new UUID((Long) fd.fields[2], (Long) fd.fields[3]), fd.score,
                        (Long) fd.fields[1], snippets[i], ranked.get(i).rescored()));
            }
            return new Page(hits, ranked.size() > limit, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            index.release(searcher);
        }
    }

    /** A hit in result order; {@code rescored} when its score is the proximity window's re-ranked one. */
    private record Ranked(FieldDoc doc, boolean rescored) {
    }

    /**
     * {@code count} hits of {@code query} in (score, updated, id) order after {@code after} (from the start when
     * null), skipping the first {@code skip}.
     */
    private static List<Ranked> afterKey(IndexSearcher searcher, Query query, FieldDoc after, int skip, int count,
            boolean rescored) throws IOException {
        TopFieldDocs top = after == null
                ? searcher.search(query, skip + count, SORT, true)
                : searcher.searchAfter(after, query, skip + count, SORT, true);
        List<Ranked> ranked = new ArrayList<>(count);
        for (int i = skip; i < top.scoreDocs.length; i++) {
            ranked.add(new Ranked((FieldDoc) top.scoreDocs[i], rescored));
        }
        return ranked;
    }

    /**
     * The proximity boost as a rescore: the best {@code proximityWindow} hits by BM25 alone ({@code matching}, the
     * cheap part: block-max scoring skips most documents) are re-ranked with the proximity clause added to their
     * score, which gives them exactly the score the whole query would; hits below the window follow in BM25 order.
     * Scoring the proximity (a sloppy phrase, positions read) of every match instead took two thirds of a two-word
     * search over 100,000 PRDs. The window's hits all rank before the rest (the clause only adds to a score), so the
     * order is total and pages never overlap: a cursor inside the window re-computes it and continues there, a
     * cursor below it continues the BM25 order.
     */
    private List<Ranked> rescoredFrom(IndexSearcher searcher, WebSearchQuery parsed, SearchRequest request,
            SearchCursor cursor, int skip, int count) throws IOException {
        Query matching = filtered(parsed.matching(), request);
        if (cursor != null && !cursor.rescored()) {
            return afterKey(searcher, matching, key(searcher, cursor), 0, count, false);
        }
        TopFieldDocs window = searcher.search(matching, proximityWindow, SORT, true);
        TopDocs boosted = QueryRescorer.rescore(searcher, window, parsed.proximity(), 1.0, window.scoreDocs.length);
        Map<Integer, Float> scores = new HashMap<>();
        for (ScoreDoc d : boosted.scoreDocs) {
            scores.put(d.doc, d.score);
        }
        List<FieldDoc> rescored = new ArrayList<>(window.scoreDocs.length);
        for (ScoreDoc d : window.scoreDocs) {
            FieldDoc fd = (FieldDoc) d;
            float score = scores.getOrDefault(fd.doc, fd.score);
            rescored.add(new FieldDoc(fd.doc, score, new Object[]{score, fd.fields[1], fd.fields[2], fd.fields[3]}));
        }
        rescored.sort(ORDER);
        int from = skip;
        if (cursor != null) {
            FieldDoc at = key(searcher, cursor);
            from = 0;
            while (from < rescored.size() && ORDER.compare(rescored.get(from), at) <= 0) {
                from++;
            }
        }
        List<Ranked> ranked = new ArrayList<>(count);
        for (int i = from; i < rescored.size() && ranked.size() < count; i++) {
            ranked.add(new Ranked(rescored.get(i), true));
        }
        if (ranked.size() < count && window.scoreDocs.length == proximityWindow) {
            // below the window: BM25 order after the window's last hit (in BM25 order)
            FieldDoc last = (FieldDoc) window.scoreDocs[window.scoreDocs.length - 1];
            ranked.addAll(afterKey(searcher, matching, last, Math.max(0, from - rescored.size()),
                    count - ranked.size(), false));
        }
        return ranked;
    }

    /** The query with the organization and the request's filters as non-scoring clauses. */
    private static Query filtered(Query text, SearchRequest request) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, Occur.MUST);
        filter(b, LuceneIndex.ORG, request.orgId());
        SearchRequest.Filters f = request.filters();
        filter(b, LuceneIndex.PROJECT, f.projectId());
        filter(b, LuceneIndex.STATUS, f.status());
        filter(b, LuceneIndex.TEMPLATE, f.templateId());
        filter(b, LuceneIndex.AUTHOR, f.authorId());
        if (f.updatedFrom() != null || f.updatedTo() != null) {
            long from = f.updatedFrom() == null ? Long.MIN_VALUE : micros(f.updatedFrom());
            long to = f.updatedTo() == null ? Long.MAX_VALUE : micros(f.updatedTo()) - 1;
            filter(b, LongPoint.newRangeQuery(LuceneIndex.UPDATED, from, to));
        }
        return b.build();
    }

    /**
     * A keyset cursor as the position to search after. (score, updated, id) is unique, so the doc of the position
     * only has to exclude the cursor's own document, which compares equal on every field: the largest doc id does.
     */
    private static FieldDoc key(IndexSearcher searcher, SearchCursor cursor) {
        int lastDoc = Math.max(0, searcher.getIndexReader().maxDoc() - 1);
        return new FieldDoc(lastDoc, cursor.score(), new Object[]{cursor.score(), cursor.updatedMicros(),
                cursor.id().getMostSignificantBits(), cursor.id().getLeastSignificantBits()});
    }

    private String[] snippets(IndexSearcher searcher, WebSearchQuery parsed, int[] docs) throws IOException {
        if (docs.length == 0) {
            return new String[0];
        }
        if (parsed.positive() == null) {
            // only exclusions: nothing to mark, show the beginning of each PRD
            String[] starts = new String[docs.length];
            for (int i = 0; i < docs.length; i++) {
                String content = searcher.storedFields().document(docs[i]).get(LuceneIndex.CONTENT);
                starts[i] = Highlights
                        .escape(new StringBuilder(), content, 0, Math.min(content.length(), SNIPPET_CHARS))
                        .toString().strip();
            }
            return starts;
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, index.analyzer())
                .withWeightMatches(false)
                .withMaxLength(100_000)
                .withFormatter(new MarkFormatter())
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        new SentenceOrLineBreakIterator(), SNIPPET_CHARS, 0.3f))
                .build();
        Map<String, String[]> result = highlighter.highlightFields(new String[]{LuceneIndex.CONTENT},
                parsed.positive(), docs, new int[]{2});
        return result.get(LuceneIndex.CONTENT);
    }

    private Uni<SearchApi.Results> recheck(SearchRequest request, WebSearchQuery parsed, Page page) {
        return IndexPage.recheck(pool, request, page.hits(), page.more(), page.offset(),
                title -> Highlights.title(index.analyzer(), LuceneIndex.TITLE, title, parsed.terms()));
    }

    private static void filter(BooleanQuery.Builder b, String field, Object value) {
        if (value != null) {
            filter(b, new TermQuery(new Term(field, value.toString())));
        }
    }

    /**
     * A filter as a required clause that scores 0 rather than as a FILTER clause: the score is the same, but Lucene
     * 9 only skips non-competitive blocks of a conjunction (block-max) when none of its required clauses is a
     * non-scoring filter, and the organization is one on every search (30 % less time on common words).
     */
    private static void filter(BooleanQuery.Builder b, Query query) {
        b.add(new BoostQuery(new ConstantScoreQuery(query), 0f), Occur.MUST);
    }

    private static long micros(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Passages joined by " … ", matches in {@code <mark>}, everything HTML-escaped. */
    static final class MarkFormatter extends PassageFormatter {

        @Override
        public Object format(Passage[] passages, String content) {
            StringBuilder sb = new StringBuilder();
            for (Passage p : passages) {
                if (!sb.isEmpty()) {
                    sb.append(" … ");
                }
                int at = p.getStartOffset();
                for (int i = 0; i < p.getNumMatches(); i++) {
                    int start = p.getMatchStarts()[i];
                    int end = Math.min(p.getMatchEnds()[i], p.getEndOffset());
                    if (start < at) {
                        continue;
                    }
                    Highlights.escape(sb, content, at, start).append("<mark>");
                    Highlights.escape(sb, content, start, end).append("</mark>");
                    at = end;
                }
                Highlights.escape(sb, content, at, p.getEndOffset());
            }
            return sb.toString().strip();
        }
    }
}
