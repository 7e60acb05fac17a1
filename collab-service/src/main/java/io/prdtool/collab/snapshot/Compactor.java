package io.prdtool.collab.snapshot;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.oplog.OperationLog;
import io.prdtool.collab.oplog.OperationLog.Stored;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Compacts a document's log into a snapshot: reads the latest snapshot and the updates after it (a consistent prefix,
 * see {@link OperationLog}), applies them to a fresh document and encodes its whole state (never a pairwise merge of
 * updates, which is superlinear in Yjs). Works from the database only, so it is correct whichever instance holds the
 * document in memory, and for documents no instance holds (a document in memory is snapshotted from its copy by the
 * sync layer instead, without reading its log). The raw updates stay in the log (the operation history); loading
 * reads only the tail.
 */
@ApplicationScoped
public class Compactor {

    private static final Logger LOG = Logger.getLogger(Compactor.class);

    @Inject
    OperationLog log;

    /** Writes a new snapshot if the log has updates after the latest one; emits how many it folded in. */
    public Uni<Integer> compact(UUID prdId) {
        return log.read(prdId).chain(stored -> {
            if (stored.tail().isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Uni.createFrom().item(() -> rebuild(stored))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(doc -> log.saveSnapshot(prdId, Updates.encodeStateAsUpdate(doc),
                            Updates.encodeStateVector(doc), stored.lastUpdateId(), stored.tail().size()))
                    .invoke(() -> LOG.debugf("Compacted %s: %d updates up to %d", prdId, stored.tail().size(),
                            stored.lastUpdateId()))
                    .replaceWith(stored.tail().size());
        });
    }

    /** The document a stored prefix describes. */
    public static YDoc rebuild(Stored stored) {
        YDoc doc = new YDoc();
        stored.snapshot().ifPresent(s -> Updates.applyUpdate(doc, s.state()));
        for (OperationLog.StoredUpdate u : stored.tail()) {
            Updates.applyUpdate(doc, u.update());
        }
        return doc;
    }
}
