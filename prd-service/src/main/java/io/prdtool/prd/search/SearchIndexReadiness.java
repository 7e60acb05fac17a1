package io.prdtool.prd.search;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.prdtool.prd.search.lucene.LuceneProjector;
import io.prdtool.prd.search.lucene.LuceneSearchEngine;
import io.prdtool.prd.search.opensearch.OpenSearchProjector;
import io.prdtool.prd.search.opensearch.OpenSearchSearchEngine;

/**
 * Readiness of search ({@code /q/health/ready}, check {@code search}): which engine is configured, which one answers
 * right now, and for lucene the projector's state (starting, bootstrapping, catching_up, ready), the records not yet
 * applied, whether the index was rebuilt from the table at start, and the number of indexed PRDs (for opensearch: the
 * shared index's state, alias and versioned index). Up while the index catches up, since searches are then answered
 * by the postgres engine ({@code servingFrom: postgres}); down only when the projector has stopped.
 */
@Readiness
@ApplicationScoped
public class SearchIndexReadiness implements HealthCheck {

    private final LuceneSearchEngine lucene;
    private final OpenSearchSearchEngine opensearch;

    public SearchIndexReadiness(LuceneSearchEngine lucene, OpenSearchSearchEngine opensearch) {
        this.lucene = lucene;
        this.opensearch = opensearch;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("search").withData("engine", lucene.engine());
        OpenSearchProjector os = opensearch.projector();
        if (os != null) {
            return opensearch(b, os);
        }
        LuceneProjector.State state = lucene.state();
        if (state == null) {
            return b.up().withData("servingFrom", LuceneSearchEngine.POSTGRES).build();
        }
        b.withData("servingFrom", lucene.ready() ? LuceneSearchEngine.NAME : LuceneSearchEngine.POSTGRES)
                .withData("index", state.name().toLowerCase(java.util.Locale.ROOT))
                .withData("bootstrapped", lucene.bootstrapped())
                .withData("lag", lucene.lag())
                .withData("documents", lucene.documents());
        return (state == LuceneProjector.State.STOPPED ? b.down() : b.up()).build();
    }

    /**
     * The opensearch engine: the alias and versioned index, the state of the shared index (starting, unreachable,
     * bootstrapping, waiting for another instance to fill it, ready), this instance's share of the consumer group's
     * lag and the number of indexed PRDs. Up while it is not ready (the postgres engine answers), down only once the
     * projector has stopped.
     */
    private HealthCheckResponse opensearch(HealthCheckResponseBuilder b, OpenSearchProjector os) {
        OpenSearchProjector.State state = os.state();
        b.withData("servingFrom", opensearch.ready() ? OpenSearchSearchEngine.NAME : LuceneSearchEngine.POSTGRES)
                .withData("index", state.name().toLowerCase(java.util.Locale.ROOT))
                .withData("alias", opensearch.index().alias())
                .withData("versionedIndex", opensearch.index().index())
                .withData("bootstrapped", os.bootstrapped())
                .withData("lag", os.lag())
                .withData("documents", os.documents());
        return (state == OpenSearchProjector.State.STOPPED ? b.down() : b.up()).build();
    }
}
