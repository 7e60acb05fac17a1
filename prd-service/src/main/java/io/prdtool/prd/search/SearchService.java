package io.prdtool.prd.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.prd.PrdStatus;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Full-text search over an organization's PRDs (seed §9.2, improved): web-search syntax ("quoted phrases", -not, or),
 * title matches weigh more than content matches (A/B weights of the generated search_vector), ranked, with
 * highlighted snippets computed only for the page returned.
 */
@ApplicationScoped
public class SearchService {

    public static final int MAX_LIMIT = 50;
    public static final int MAX_QUERY = 500;

    // Markers that cannot come from content (NUL is not allowed in PostgreSQL text): HTML-escape the headline, then
    // turn the markers into <mark> tags.
    private static final String START = "\u0002";
    private static final String STOP = "\u0003";
    private static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxFragments=2, MaxWords=35, MinWords=12, FragmentDelimiter=\" … \"";
    private static final String TITLE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP + ", HighlightAll=true";

    private final Pool pool;
    private final Access access;

    public SearchService(Pool pool, Access access) {
        this.pool = pool;
        this.access = access;
    }

    public record Filters(UUID projectId, String status, UUID templateId, UUID authorId, Instant updatedFrom,
            Instant updatedTo) {
    }

    public Uni<SearchApi.Results> search(UUID callerId, UUID orgId, String query, Filters filters, int offset,
            int limit) {
        if (query == null || query.isBlank()) {
            throw ProblemException.badRequest("q is required: words, \"quoted phrases\", or, -excluded");
        }
        if (query.length() > MAX_QUERY) {
            throw ProblemException.badRequest("q is longer than " + MAX_QUERY + " characters");
        }
        String status = filters.status() == null ? null : PrdStatus.parse(filters.status()).wire();
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.add(query);
        StringBuilder where = new StringBuilder("p.organization_id = $1 AND p.search_vector @@ q.query");
        if (filters.projectId() != null) {
            params.add(filters.projectId());
            where.append(" AND p.project_id = $").append(params.size());
        }
        if (status != null) {
            params.add(status);
            where.append(" AND p.status = $").append(params.size());
        }
        if (filters.templateId() != null) {
            params.add(filters.templateId());
            where.append(" AND p.template_id = $").append(params.size());
        }
        if (filters.authorId() != null) {
            params.add(filters.authorId());
            where.append(" AND p.created_by = $").append(params.size());
        }
        if (filters.updatedFrom() != null) {
            params.add(OffsetDateTime.ofInstant(filters.updatedFrom(), ZoneOffset.UTC));
            where.append(" AND p.updated_at >= $").append(params.size());
        }
        if (filters.updatedTo() != null) {
            params.add(OffsetDateTime.ofInstant(filters.updatedTo(), ZoneOffset.UTC));
            where.append(" AND p.updated_at < $").append(params.size());
        }
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
                + " ts_headline('english', p.title, q.query, '" + TITLE_OPTIONS + "') AS title_highlight,"
                + " ts_headline('english', p.content, q.query, '" + HEADLINE_OPTIONS + "') AS snippet"
                + " FROM page JOIN prds p ON p.id = page.id, q"
                + " ORDER BY page.rank DESC, p.updated_at DESC, p.id";
        return Panache.withSession(() -> access.require(orgId, callerId, Permission.PRD_READ, "Organization"))
                .chain(() -> pool.preparedQuery(sql).execute(Tuple.from(params)))
                .map(rows -> {
                    List<SearchApi.Hit> hits = new ArrayList<>();
                    for (Row r : rows) {
                        hits.add(new SearchApi.Hit(r.getUUID("id"), r.getUUID("project_id"), r.getString("title"),
                                highlight(r.getString("title_highlight")), r.getString("slug"),
                                r.getString("status"), r.getString("current_version"), r.getUUID("template_id"),
                                r.getUUID("created_by"), r.getOffsetDateTime("updated_at").toInstant(),
                                r.getFloat("rank"), highlight(r.getString("snippet"))));
                    }
                    boolean more = hits.size() > limit;
                    List<SearchApi.Hit> page = more ? hits.subList(0, limit) : hits;
                    return new SearchApi.Results(query, List.copyOf(page), offset, limit, more ? offset + limit : null);
                });
    }

    /** HTML-escapes a headline and turns our match markers into {@code <mark>} tags. */
    static String highlight(String headline) {
        if (headline == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(headline.length() + 32);
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\u0002' -> sb.append("<mark>");
                case '\u0003' -> sb.append("</mark>");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
