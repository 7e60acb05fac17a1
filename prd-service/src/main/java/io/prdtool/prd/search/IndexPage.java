package io.prdtool.prd.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A page that an index engine (lucene, opensearch) found, re-checked in PostgreSQL before it is answered: its rows are
 * read again with the organization and the filters applied, so a PRD deleted, moved or filtered out since it was
 * indexed never shows, and titles and fields come from the current row.
 */
public final class IndexPage {

    private IndexPage() {
    }

    /**
     * One hit of the index: its id, score, last update (the keyset cursor's second key), highlighted snippet, and
     * whether its score was re-ranked (a cursor after it continues in the re-ranked window).
     */
    public record Hit(UUID id, float score, long updated, String snippet, boolean rescored) {
    }

    /**
     * The answer for {@code found} (in rank order, at {@code offset}; {@code more} when the index has further hits),
     * with each current title highlighted by {@code highlightTitle}.
     */
    public static Uni<SearchApi.Results> recheck(Pool pool, SearchRequest request, List<Hit> found, boolean more,
            int offset, UnaryOperator<String> highlightTitle) {
        int limit = request.limit();
        Hit last = found.isEmpty() ? null : found.get(found.size() - 1);
        String nextCursor = more && last != null
                ? (last.rescored()
                        ? SearchCursor.afterRescored(last.score(), last.updated(), last.id())
                        : SearchCursor.after(last.score(), last.updated(), last.id())).encode()
                : null;
        Integer nextOffset = more ? offset + limit : null;
        if (found.isEmpty()) {
            return Uni.createFrom().item(new SearchApi.Results(request.query(), List.of(), offset, limit,
                    nextOffset, nextCursor));
        }
        List<Object> params = new ArrayList<>();
        params.add(request.orgId());
        params.add(found.stream().map(Hit::id).toArray(UUID[]::new));
        StringBuilder where = new StringBuilder("p.organization_id = $1 AND p.id = ANY($2)");
        request.filters().appendSql(where, params);
        String sql = "SELECT p.id, p.project_id, p.title, p.slug, p.status, p.current_version, p.template_id,"
                + " p.created_by, p.updated_at FROM prds p WHERE " + where;
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rowSet -> {
            Map<UUID, Row> current = new HashMap<>();
            rowSet.forEach(r -> current.put(r.getUUID("id"), r));
            List<SearchApi.Hit> hits = new ArrayList<>();
            for (Hit f : found) {
                Row r = current.get(f.id());
                if (r == null) {
                    continue;
                }
                String title = r.getString("title");
                hits.add(new SearchApi.Hit(f.id(), r.getUUID("project_id"), title, highlightTitle.apply(title),
                        r.getString("slug"), r.getString("status"), r.getString("current_version"),
                        r.getUUID("template_id"), r.getUUID("created_by"),
                        r.getOffsetDateTime("updated_at").toInstant(), f.score(), f.snippet()));
            }
            return new SearchApi.Results(request.query(), List.copyOf(hits), offset, limit, nextOffset, nextCursor);
        });
    }
}
