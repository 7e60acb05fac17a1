package io.prdtool.collab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What one keystroke costs in the operation log does not depend on how many Yjs clients (page loads) the document has
 * seen: rows carry the update's own (client, clock, length) and its place in the log, not the document's state vector.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(PrdServiceResource.class)
class OperationLogRowSizeTest {

    private static final Logger LOG = Logger.getLogger(OperationLogRowSizeTest.class);
    private static final int KEYSTROKES = 40;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Documents documents;

    @Test
    void bytesPerKeystrokeDoNotGrowWithTheClientsTheDocumentHasSeen() {
        double few = bytesPerKeystroke(10);
        double many = bytesPerKeystroke(1_000);
        LOG.infof("operation log bytes per keystroke: %.0f with 10 client ids, %.0f with 1,000", few, many);
        assertThat(many).isLessThan(few * 1.25);
        // one update row and one run row of a one-character insert, with their fixed columns
        assertThat(few).isLessThan(400);
    }

    /** Average heap bytes of the update and run rows that one typed character adds to a document with that history. */
    private double bytesPerKeystroke(int clientsSeen) {
        Prd prd = Fixtures.newPrd();
        // the history: that many page loads, each typed one character
        YDoc history = new YDoc(1);
        for (int c = 0; c < clientsSeen; c++) {
            YDoc visitor = new YDoc(1_000 + c);
            visitor.getText("content").insert(0, "x");
            Updates.applyUpdate(history, Updates.encodeStateAsUpdate(visitor), null);
        }
        Fixtures.update("INSERT INTO crdt_updates (prd_id, source, update_v1, instance_id)"
                + " VALUES (?, 'websocket', ?, 'elsewhere')", prd.id(), Updates.encodeStateAsUpdate(history));
        long before = Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id());
        try (YClient typist = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            assertThat(typist.text()).hasSize(clientsSeen);
            for (int k = 0; k < KEYSTROKES; k++) {
                typist.insert(typist.text().length(), "a");
                // one keystroke at a time, as a person types: each is its own update row
                long stored = k + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates"
                        + " WHERE prd_id = ? AND id > ?", prd.id(), before) == stored);
            }
        }
        long bytes = Fixtures.count("SELECT ((SELECT coalesce(sum(pg_column_size(u.*)), 0) FROM crdt_updates u"
                + " WHERE u.prd_id = ? AND u.id > ?) + (SELECT coalesce(sum(pg_column_size(o.*)), 0)"
                + " FROM crdt_operations o WHERE o.prd_id = ? AND o.update_id > ?))::bigint", prd.id(), before,
                prd.id(),
                before);
        return (double) bytes / KEYSTROKES;
    }
}
