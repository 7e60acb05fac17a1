package io.prdtool.collab.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Group commit across documents: appends of several documents that wait for the lane go to the database in one
 * statement and one transaction, and each caller still gets its own ids and the updates other instances stored.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(PrdServiceResource.class)
class GroupCommitTest {

    private static final String INSTANCE = "group-commit-test";

    @Inject
    OperationLog log;

    @Test
    void documentsWaitingForTheLaneAreStoredInOneTransactionEachWithItsOwnAnswer() throws Exception {
        Fixtures.Prd first = Fixtures.newPrd();
        List<Fixtures.Prd> waiting = List.of(first.sibling(), first.sibling(), first.sibling());
        // another instance stored an update of the second waiting document: its caller must get it back
        byte[] foreign = keystroke(77, "f");
        Fixtures.update("INSERT INTO crdt_updates (prd_id, source, update_v1, instance_id) VALUES (?, 'websocket', ?,"
                + " 'elsewhere')", waiting.get(1).id(), foreign);
        long foreignId = Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", waiting.get(1).id());

        CompletableFuture<OperationLog.Appended> blocked;
        List<CompletableFuture<OperationLog.Appended>> batched = new ArrayList<>();
        try (Connection holder = Fixtures.connect()) {
            // the only lane's append waits for the first document's lock, held here
            holder.setAutoCommit(false);
            try (PreparedStatement st = holder.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtext('collab.document'), hashtext(?))")) {
                st.setString(1, first.id().toString());
                st.execute();
            }
            blocked = log.appendNow(first.id(), INSTANCE, 0, List.of(update(1, "a"))).toCompletableFuture();
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%collab_append_log%'") == 1);
            for (int k = 0; k < waiting.size(); k++) {
                // two updates for the first waiting document, one for each of the others
                List<OperationLog.NewUpdate> updates = k == 0
                        ? List.of(update(10, "b"), update(11, "c"))
                        : List.of(update(20 + k, "d"));
                batched.add(log.appendNow(waiting.get(k).id(), INSTANCE, 0, updates).toCompletableFuture());
            }
            assertThat(blocked).isNotDone();
            assertThat(batched).noneMatch(CompletableFuture::isDone);
            holder.commit();
        }
        OperationLog.Appended a = blocked.get(10, TimeUnit.SECONDS);
        assertThat(a.ids()).hasSize(1);
        assertThat(a.foreign()).isEmpty();

        List<OperationLog.Appended> answers = new ArrayList<>();
        for (CompletableFuture<OperationLog.Appended> f : batched) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(answers.get(0).ids()).hasSize(2).isSorted();
        assertThat(answers.get(1).ids()).hasSize(1);
        assertThat(answers.get(2).ids()).hasSize(1);
        assertThat(answers.get(0).foreign()).isEmpty();
        assertThat(answers.get(1).foreign()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(foreignId);
            assertThat(f.update()).isEqualTo(foreign);
        });
        assertThat(answers.get(2).foreign()).isEmpty();

        for (int k = 0; k < waiting.size(); k++) {
            UUID prd = waiting.get(k).id();
            for (long id : answers.get(k).ids()) {
                // each id is a row of its own document, with its run row pointing at it
                assertThat(Fixtures.string("SELECT prd_id::text FROM crdt_updates WHERE id = ?", id))
                        .isEqualTo(prd.toString());
                assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE update_id = ? AND prd_id = ?",
                        id, prd)).isEqualTo(1);
            }
        }
        // the three documents' four updates committed in one transaction
        assertThat(Fixtures.count("SELECT count(DISTINCT xmin::text) FROM crdt_updates WHERE instance_id = ?"
                + " AND prd_id = ANY (?)", INSTANCE, waiting.stream().map(Fixtures.Prd::id).toArray(UUID[]::new)))
                .isEqualTo(1);
        // and the log still replays to the documents' text
        YDoc replayed = new YDoc(5);
        for (byte[] u : Fixtures.bytes("SELECT update_v1 FROM crdt_updates WHERE prd_id = ? ORDER BY id",
                waiting.get(0).id())) {
            Updates.applyUpdate(replayed, u, null);
        }
        assertThat(replayed.getText("content").toString()).hasSize(2);
    }

    /** A one-character insert by client {@code client}, with its run. */
    private static OperationLog.NewUpdate update(long client, String text) {
        byte[] diff = keystroke(client, text);
        return new OperationLog.NewUpdate("subject-" + client, "websocket", diff, UpdateDigest.operations(diff));
    }

    private static byte[] keystroke(long client, String text) {
        YDoc doc = new YDoc(client);
        doc.getText("content").insert(0, text);
        return Updates.encodeStateAsUpdate(doc);
    }
}
