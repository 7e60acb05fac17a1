package io.prdtool.prd.search;

import io.smallrye.mutiny.Uni;

/**
 * The search port: one implementation per engine ({@code prdtool.search.engine}). The caller ({@link SearchService})
 * has validated the request and checked that the caller may read the organization; an engine returns only PRDs of
 * {@link SearchRequest#orgId()} that still exist in PostgreSQL.
 */
public interface SearchEngine {

    Uni<SearchApi.Results> search(SearchRequest request);
}
