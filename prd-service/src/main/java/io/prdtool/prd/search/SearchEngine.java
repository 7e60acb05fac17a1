package io.prdtool.prd.search;

import io.smallrye.mutiny.Uni;

/**
 * The search port: one implementation per engine ({@code prdtool.search.engine}). The caller ({@link SearchService})
 * has validated the request and checked that the caller may read the organization; an engine returns only PRDs of
 * {@link SearchRequest#orgId()} that still exist in PostgreSQL.
 */
public interface SearchEngine {

    Uni<SearchApi.Results> search(SearchRequest request);

    /**
     * Searches once {@code allowed} (the caller's access check) has succeeded, and fails as it does. An engine may
     * overlap the check with work that returns nothing to the caller (e.g. reading what is fresh), but must not
     * return or reveal results before the check has passed. By default: the check, then {@link #search}.
     */
    default Uni<SearchApi.Results> search(SearchRequest request, Uni<?> allowed) {
        return allowed.chain(() -> search(request));
    }
}
