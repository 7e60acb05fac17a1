package io.prdtool.prd.search;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.prd.PrdStatus;
import io.prdtool.prd.search.lucene.LuceneSearchEngine;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Full-text search over an organization's PRDs (seed §9.2, improved): web-search syntax ("quoted phrases", -not, or),
 * title matches weigh more than content matches, ranked, with highlighted snippets computed only for the page
 * returned. Validates the request, checks the caller's membership in PostgreSQL (on every search, with one
 * statement and no Hibernate session), and hands the search to the configured engine
 * ({@code prdtool.search.engine}: {@code lucene}, the default, or {@code postgres}); the lucene engine answers
 * through the postgres engine until its index has caught up with the PRD events.
 */
@ApplicationScoped
public class SearchService {

    public static final int MAX_LIMIT = 50;
    public static final int MAX_QUERY = 500;

    private final Access access;
    private final PostgresSearchEngine postgres;
    private final LuceneSearchEngine lucene;
    private final String engine;

    public SearchService(Access access, PostgresSearchEngine postgres, LuceneSearchEngine lucene,
            @ConfigProperty(name = "prdtool.search.engine", defaultValue = "lucene") String engine) {
        this.access = access;
        this.postgres = postgres;
        this.lucene = lucene;
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
        SearchEngine chosen = LuceneSearchEngine.NAME.equals(engine) && lucene.ready() ? lucene : postgres;
        // membership is read on every search (never cached: a removed member loses access at once), without a
        // Hibernate session; the engine may overlap it with its own preparation but returns nothing before it passed
        Uni<?> allowed = access.requireWithoutSession(orgId, callerId, Permission.PRD_READ, "Organization");
        return chosen.search(request, allowed);
    }
}
