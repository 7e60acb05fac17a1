package io.prdtool.prd.search;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code postgres} engine: PostgreSQL full-text search over the generated {@code search_vector} (title weight A,
 * content weight B), {@code websearch_to_tsquery('english', …)}, ranked with {@code ts_rank} and highlighted with
 * {@code ts_headline} for the page returned only. It ranks every match before the LIMIT, so common words are slow on
 * large organizations; it is the fallback while the lucene index bootstraps and the engine of the smallest installs.
 */
@ApplicationScoped
public class PostgresSearchEngine implements SearchEngine {

    // Markers that cannot come from content (NUL is not allowed in PostgreSQL text): HTML-escape the headline, then
    // turn the markers into <mark> tags.
    private static final String START = "\u0002";
    private static final String STOP = "\u0003";
    private static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxFragments=2, MaxWords=35, MinWords=12, FragmentDelimiter=\" … \"";
    private static final String TITLE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP + ", HighlightAll=true";

    private final Pool pool;

    public PostgresSearchEngine(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<SearchApi.Results> search(SearchRequest request) {
        if (request.cursor() != null && request.cursor().isKeyset()) {
            throw ProblemException.badRequest("cursor belongs to another search engine; start again without it");
        }
        int offset = request.pageOffset();
        int limit = request.limit();
        List<Object> params = new ArrayList<>();
        params.add(request.orgId());
        params.add(request.query());
        StringBuilder where = new StringBuilder("p.organization_id = $1 AND p.search_vector @@ q.query");
        request.filters().appendSql(where, params);
        params.add(limit + 1);
        String limitParam = "$" + params.size();
        params.add(offset);
        String offsetParam = "$" + params.size();
        // Rank every match, keep one page, and only then compute headlines (ts_headline re-parses the document).
        String sql = "WITH q AS (SELECT websearch_to_tsquery('english', $2) AS query),"
                + " page AS (SELECT p.id, ts_rank(p.search_vector, q.query, 1) AS rank"
                + " FROM prds p, q WHERE " + where
                + " ORDER BY rank DESC, p.updated_at DESC, p.id LIMIT " + limitParam + " OFFSET " + offsetParam + ")"
                + " SELECT p.id, p.project_id, p.title, p.slug, p.status, p.current_version, p.template_id,"
                + " p.created_by, p.updated_at, page.rank,"
                // the match markers are control characters: dropped from the text first, so content cannot open
                // or close a mark
                + " ts_headline('english', translate(p.title, chr(2) || chr(3), ''), q.query, '" + TITLE_OPTIONS
                + "') AS title_highlight,"
                + " ts_headline('english', translate(p.content, chr(2) || chr(3), ''), q.query, '"
                + HEADLINE_OPTIONS + "') AS snippet"
                + " FROM page JOIN prds p ON p.id = page.id, q"
                + " ORDER BY page.rank DESC, p.updated_at DESC, p.id";
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<SearchApi.Hit> hits = new ArrayList<>();
            for (Row r : rows) {
                hits.add(new SearchApi.Hit(r.getUUID("id"), r.getUUID("project_id"), r.getString("title"),
                        highlight(r.getString("title_highlight")), r.getString("slug"), r.getString("status"),
                        r.getString("current_version"), r.getUUID("template_id"), r.getUUID("created_by"),
                        r.getOffsetDateTime("updated_at").toInstant(), r.getFloat("rank"),
                        highlight(r.getString("snippet"))));
            }
            boolean more = hits.size() > limit;
            List<SearchApi.Hit> page = more ? hits.subList(0, limit) : hits;
            return new SearchApi.Results(request.query(), List.copyOf(page), offset, limit,
                    more ? offset + limit : null, more ? SearchCursor.ofOffset(offset + limit).encode() : null);
        });
    }

    /** HTML-escapes a headline and turns our match markers into {@code <mark>} tags. */
    public static String highlight(String headline) {
        if (headline == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(headline.length() + 32);
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            switch (c) {
                case '\u0002' -> sb.append("<mark>");
                case '\u0003' -> sb.append("</mark>");
                default -> Highlights.escape(sb, c);
            }
        }
        return sb.toString();
    }
}
