package io.prdtool.prd.search;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.prd.PrdStatus;
import io.prdtool.prd.search.lucene.LuceneSearchEngine;
import io.prdtool.prd.search.opensearch.OpenSearchSearchEngine;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Full-text search over an organization's PRDs (seed §9.2, improved): web-search syntax ("quoted phrases", -not, or),
 * title matches weigh more than content matches, ranked, with highlighted snippets computed only for the page
 * returned. Validates the request, checks the caller's membership in PostgreSQL (on every search, with one
 * statement and no Hibernate session), and hands the search to the configured engine
 * ({@code prdtool.search.engine}: {@code lucene}, the default, {@code opensearch} or {@code postgres}); the lucene
 * and opensearch engines answer through the postgres engine until their index has caught up with the PRD events.
 */
@ApplicationScoped
public class SearchService {

    public static final int MAX_LIMIT = 50;
    public static final int MAX_QUERY = 500;

    private final Access access;
    private final PostgresSearchEngine postgres;
    private final LuceneSearchEngine lucene;
    private final OpenSearchSearchEngine opensearch;
    private final String engine;

    public SearchService(Access access, PostgresSearchEngine postgres, LuceneSearchEngine lucene,
            OpenSearchSearchEngine opensearch,
            @ConfigProperty(name = "prdtool.search.engine", defaultValue = "lucene") String engine) {
        this.access = access;
        this.postgres = postgres;
        this.lucene = lucene;
        this.opensearch = opensearch;
        this.engine = engine;
    }

    public Uni<SearchApi.Results> search(UUID callerId, UUID orgId, String query, SearchRequest.Filters filters,
            int offset, int limit, String cursor) {
        if (query == null || query.isBlank()) {
            throw ProblemException.badRequest("q is required: words, \"quoted phrases\", or, -excluded");
        }
        if (query.length() > MAX_QUERY) {
            throw ProblemException.badRequest("q is longer than " + MAX_QUERY + " characters");
        }
        if (query.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("q must not contain the NUL character");
        }
        String status = filters.status() == null ? null : PrdStatus.parse(filters.status()).wire();
        SearchRequest request = new SearchRequest(orgId, query,
                new SearchRequest.Filters(filters.projectId(), status, filters.templateId(), filters.authorId(),
                        filters.updatedFrom(), filters.updatedTo()),
                offset, limit, SearchCursor.decode(cursor));
        SearchEngine chosen = chosen();
        // membership is read on every search (never cached: a removed member loses access at once), without a
        // Hibernate session; the engine may overlap it with its own preparation but returns nothing before it passed
        Uni<?> allowed = access.requireWithoutSession(orgId, callerId, Permission.PRD_READ, "Organization");
        return chosen.search(request, allowed);
    }

    /** The configured engine once its index serves searches, else the postgres engine. */
    private SearchEngine chosen() {
        if (LuceneSearchEngine.NAME.equals(engine) && lucene.ready()) {
            return lucene;
        }
        if (OpenSearchSearchEngine.NAME.equals(engine) && opensearch.ready()) {
            return opensearch;
        }
        return postgres;
    }
}
