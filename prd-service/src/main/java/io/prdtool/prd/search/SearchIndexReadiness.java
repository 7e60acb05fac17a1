package io.prdtool.prd.search;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.prdtool.prd.search.lucene.LuceneProjector;
import io.prdtool.prd.search.lucene.LuceneSearchEngine;

/**
 * Readiness of search ({@code /q/health/ready}, check {@code search}): which engine is configured, which one answers
 * right now, and for lucene the projector's state (starting, bootstrapping, catching_up, ready), the records not yet
 * applied, whether the index was rebuilt from the table at start, and the
 * number of indexed PRDs. Up while the index catches up, since searches are then answered by the
 * postgres engine ({@code servingFrom: postgres}); down only when the projector has stopped.
 */
@Readiness
@ApplicationScoped
public class SearchIndexReadiness implements HealthCheck {

    private final LuceneSearchEngine lucene;

    public SearchIndexReadiness(LuceneSearchEngine lucene) {
        this.lucene = lucene;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("search").withData("engine", lucene.engine());
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
}
