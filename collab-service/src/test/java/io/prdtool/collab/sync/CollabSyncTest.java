package io.prdtool.collab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.crdt.lib0.Lib0Writer;
import io.prdtool.collab.snapshot.Compactor;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(PrdServiceResource.class)
class CollabSyncTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Documents documents;

    @Inject
    Compactor compactor;

    private URI url(Prd prd, String token) {
        return YClient.url(base.getPort(), prd.id(), token);
    }

    @Test
    void concurrentEditsConvergeAndEveryUpdateIsStoredBeforeOthersSeeIt() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(url(prd, prd.member("member")));
                YClient b = YClient.connectSynced(url(prd, prd.member("owner")))) {
            a.insert(0, "hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals("hello"));
            // b has seen it, so it must already be durable
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND operation_type"
                    + " = 'insert' AND content = 'hello'", prd.id())).isEqualTo(1);

            a.insert(5, " world");
            b.insert(0, ">> ");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.text().equals(b.text()) && a.text().length() == ">> hello world".length());
            assertThat(a.text()).isEqualTo(">> hello world");
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()))
                    .isEqualTo(3);
            assertThat(Fixtures.string("SELECT user_subject FROM crdt_updates WHERE prd_id = ? ORDER BY id"
                    + " LIMIT 1", prd.id())).startsWith("u-member-");
            // the first run is identified by its client, clock and length, not by the document's state vector
            assertThat(Fixtures.string("SELECT client_id || ':' || clock || '+' || length || ' '"
                    + " || (vector_clock IS NULL) FROM crdt_operations WHERE prd_id = ? ORDER BY id LIMIT 1",
                    prd.id())).isEqualTo(a.doc.clientId() + ":0+5 true");
        }
    }

    @Test
    void formattingAndDeletesAreLoggedAsRuns() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(url(prd, prd.member("member")));
                YClient b = YClient.connectSynced(url(prd, prd.member("member")))) {
            a.insert(0, "bold text");
            a.format(0, 4, Map.of("bold", true));
            a.content().delete(4, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals("bold"));
            assertThat(b.content().toDelta()).containsExactly(Map.of("insert", "bold", "attributes",
                    Map.of("bold", true)));
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND operation_type"
                    + " = 'format' AND attributes = '{\"bold\": true}'::jsonb", prd.id())).isEqualTo(1);
            assertThat(Fixtures.count("SELECT coalesce(sum(length), 0) FROM crdt_operations WHERE prd_id = ?"
                    + " AND operation_type = 'delete'", prd.id())).isEqualTo(5);
        }
    }

    @Test
    void lateJoinerLoadsTheDocumentFromTheLogAfterItWasUnloaded() {
        Prd prd = Fixtures.newPrd();
        String token = prd.member("member");
        try (YClient a = YClient.connectSynced(url(prd, token))) {
            a.insert(0, "persisted text");
            await().until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            documents.unload(prd.id()).await().atMost(Duration.ofSeconds(5));
            assertThat(documents.loaded(prd.id())).isNull();
        });
        try (YClient late = YClient.connectSynced(url(prd, prd.member("viewer")))) {
            assertThat(late.text()).isEqualTo("persisted text");
        }
    }

    @Test
    void theCatchUpBringsWhatAnotherInstanceStoredWhenItsFanOutWasLost() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(url(prd, prd.member("member")))) {
            a.insert(0, "here");
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 1);
            // another instance stored an edit and its Kafka message never arrived: only the log has it
            YDoc elsewhere = new YDoc(424242);
            elsewhere.getText("content").insert(0, "there ");
            byte[] update = Updates.encodeStateAsUpdate(elsewhere);
            Fixtures.update("INSERT INTO crdt_updates (prd_id, source, update_v1, state_vector, instance_id)"
                    + " VALUES (?, 'websocket', ?, ?, 'elsewhere')", prd.id(), update,
                    Updates.encodeStateVector(elsewhere));
            documents.catchUp().await().atMost(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.text().contains("there ") && a.text().length() == 10);
            // a second round finds nothing new to apply: the client's copy and the server's stay the same
            documents.catchUp().await().atMost(Duration.ofSeconds(10));
            assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                    .await().atMost(Duration.ofSeconds(10))).isEqualTo(a.text());
        }
    }

    @Test
    void aBusyDocumentIsSnapshottedFromMemoryAndSnapshotPlusTailIsTheDocument() {
        Prd prd = Fixtures.newPrd();
        try (YClient a = YClient.connectSynced(url(prd, prd.member("member")))) {
            // %test compact-after-updates is 30: the 30th stored update snapshots the copy in memory
            for (int i = 0; i < 30; i++) {
                a.insert(a.text().length(), Integer.toString(i % 10));
            }
            await().atMost(Duration.ofSeconds(15)).until(
                    () -> Fixtures.count("SELECT count(*) FROM document_snapshots WHERE prd_id = ?", prd.id()) == 1);
            long upTo = Fixtures.count("SELECT up_to_update_id FROM document_snapshots WHERE prd_id = ?", prd.id());
            assertThat(upTo).isEqualTo(Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id()));
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id())).isEqualTo(30);
            for (int i = 0; i < 10; i++) {
                a.insert(i, "x");
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 40);
            // what loading does: the snapshot, then the log after it
            YDoc loaded = new YDoc();
            Updates.applyUpdate(loaded, Fixtures.bytes("SELECT state_v1 FROM document_snapshots WHERE prd_id = ?",
                    prd.id()).get(0));
            Fixtures.bytes("SELECT update_v1 FROM crdt_updates WHERE prd_id = ? AND id > ? ORDER BY id", prd.id(),
                    upTo).forEach(u -> Updates.applyUpdate(loaded, u));
            assertThat(loaded.getText("content").toString()).isEqualTo(a.text()).hasSize(40);
        }
    }

    @Test
    void compactionWritesASnapshotAndLoadingUsesSnapshotPlusTail() {
        Prd prd = Fixtures.newPrd();
        String token = prd.member("admin");
        try (YClient a = YClient.connectSynced(url(prd, token))) {
            for (int i = 0; i < 10; i++) {
                a.insert(a.text().length(), "line " + i + "\n");
            }
            await().until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 10);
            assertThat(compactor.compact(prd.id()).await().atMost(Duration.ofSeconds(10))).isEqualTo(10);
            assertThat(Fixtures.count("SELECT up_to_update_id FROM document_snapshots WHERE prd_id = ?", prd.id()))
                    .isEqualTo(Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id()));
            a.insert(0, "after snapshot\n");
            await().until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 11);
        }
        documents.unload(prd.id()).await().atMost(Duration.ofSeconds(5));
        // unloading compacts what the document gained (if it found no one connected); compact again to be sure
        compactor.compact(prd.id()).await().atMost(Duration.ofSeconds(10));
        assertThat(Fixtures.count("SELECT max(up_to_update_id) FROM document_snapshots WHERE prd_id = ?", prd.id()))
                .isEqualTo(Fixtures.count("SELECT max(id) FROM crdt_updates WHERE prd_id = ?", prd.id()));
        assertThat(compactor.compact(prd.id()).await().atMost(Duration.ofSeconds(10))).isZero();
        try (YClient b = YClient.connectSynced(url(prd, token))) {
            StringBuilder expected = new StringBuilder("after snapshot\n");
            for (int i = 0; i < 10; i++) {
                expected.append("line ").append(i).append('\n');
            }
            assertThat(b.text()).isEqualTo(expected.toString());
        }
    }

    @Test
    void clientWithoutTokenIsDeniedWithPermissionDeniedAnd4401() {
        Prd prd = Fixtures.newPrd();
        for (String token : new String[]{null, "not-a-jwt", Tokens.forgedToken("mallory"),
                Tokens.forTests().token("u-x", "x@example.com", "X", Set.of(), Duration.ofSeconds(-60))}) {
            YClient c = YClient.connect(url(prd, token));
            assertThat(c.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4401);
            assertThat(c.denied).containsExactly("unauthorized");
            assertThat(c.synced).isNotDone();
        }
    }

    @Test
    void unknownPrdAndAnotherOrganizationsPrdAreRefusedAlike() {
        Prd mine = Fixtures.newPrd();
        Prd theirs = Fixtures.newPrd();
        String token = mine.member("owner");
        YClient other = YClient.connect(url(theirs, token));
        YClient unknown = YClient.connect(YClient.url(base.getPort(), java.util.UUID.randomUUID(), token));
        YClient garbage = YClient.connect(URI.create("ws://localhost:" + base.getPort() + "/collab/not-a-uuid?token="
                + token));
        for (YClient c : new YClient[]{other, unknown, garbage}) {
            assertThat(c.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4404);
            assertThat(c.closeReason).isEqualTo("document not found");
            assertThat(c.denied).containsExactly("document not found");
        }
    }

    @Test
    void viewersUpdatesAreDroppedButTheirAwarenessFlows() {
        Prd prd = Fixtures.newPrd();
        try (YClient editor = YClient.connectSynced(url(prd, prd.member("member")));
                YClient viewer = YClient.connectSynced(url(prd, prd.member("viewer")))) {
            viewer.insert(0, "sneaky");
            viewer.setAwareness(1, "{\"user\":{\"name\":\"Vera\"},\"status\":\"viewing\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> editor.awareness.containsKey(viewer.doc.clientId()));
            editor.insert(0, "real");
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.text().contains("real"));
            assertThat(editor.text()).isEqualTo("real");
            assertThat(viewer.isClosed()).isFalse();
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND content LIKE"
                    + " '%sneaky%'", prd.id())).isZero();
        }
    }

    @Test
    void malformedUpdateClosesOnlyItsSenderWith1007AndTheDocumentStaysIntact() {
        Prd prd = Fixtures.newPrd();
        try (YClient good = YClient.connectSynced(url(prd, prd.member("member")));
                YClient hostile = YClient.connectSynced(url(prd, prd.member("member")))) {
            good.insert(0, "intact");
            await().until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 1);
            Lib0Writer w = new Lib0Writer();
            w.writeVarUint(0);
            w.writeVarUint(2);
            // one client, 5 structs claimed, then garbage
            w.writeVarUint8Array(new byte[]{1, 5, (byte) 0x99, 1, 0, 4, 0, 0, 0});
            hostile.send(w.toByteArray());
            assertThat(hostile.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1007);
            assertThat(hostile.closeReason).startsWith("malformed message");
            good.insert(6, "!");
            try (YClient check = YClient.connectSynced(url(prd, prd.member("viewer")))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> check.text().equals("intact!"));
            }
            assertThat(good.isClosed()).isFalse();
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id())).isEqualTo(2);
        }
    }

    @Test
    void garbageFramesAndInvalidAwarenessCloseWith1007() {
        Prd prd = Fixtures.newPrd();
        YClient truncated = YClient.connectSynced(url(prd, prd.member("member")));
        truncated.send(new byte[]{0, 2, (byte) 0xFF});
        assertThat(truncated.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1007);

        YClient awareness = YClient.connectSynced(url(prd, prd.member("member")));
        awareness.setAwareness(1, "{not json");
        assertThat(awareness.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1007);
    }

    @Test
    void oversizedMessageClosesWith1009() {
        Prd prd = Fixtures.newPrd();
        YClient c = YClient.connectSynced(url(prd, prd.member("member")));
        c.insert(0, "x".repeat(300_000));
        assertThat(c.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1009);
        assertThat(c.closeReason).isEqualTo("message exceeds 262144 bytes");
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id())).isZero();
    }

    @Test
    void documentSizeLimitRefusesTheUpdateWith4413() {
        Prd prd = Fixtures.newPrd();
        YClient c = YClient.connectSynced(url(prd, prd.member("member")));
        c.insert(0, "a".repeat(200_000));
        c.insert(0, "b".repeat(200_000));
        await().until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 2);
        c.insert(0, "c".repeat(250_000));
        assertThat(c.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4413);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id())).isEqualTo(2);
    }

    @Test
    void anUpdateFloodIsThrottledNotClosedAndTheOthersKeepEditing() {
        Prd prd = Fixtures.newPrd();
        try (YClient flooder = YClient.connectSynced(url(prd, prd.member("member")));
                YClient other = YClient.connectSynced(url(prd, prd.member("member")));
                YClient watcher = YClient.connectSynced(url(prd, prd.member("viewer")))) {
            // 300 updates at once: far above the burst of 60 and 20/s (%test), 12 s of throttling
            for (int i = 0; i < 300; i++) {
                flooder.insert(0, "k");
            }
            // another editor of the same document is not held up behind the throttled one
            long start = System.nanoTime();
            other.insert(0, "other");
            await().atMost(Duration.ofSeconds(5)).until(() -> watcher.text().contains("other"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()))
                    .isLessThan(300);
            // and nothing of the flood is lost: every update arrives, in order, and the client is never closed
            await().atMost(Duration.ofSeconds(40)).until(() -> watcher.text().equals(flooder.text())
                    && flooder.text().length() == 305);
            assertThat(flooder.isClosed()).isFalse();
            // the throttle really paused the socket (websockets-next's Vert.x socket was reachable)
            assertThat(SocketFlow.unavailable()).isFalse();
            assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                    .await().atMost(Duration.ofSeconds(10))).isEqualTo(flooder.text());
        }
    }

    @Test
    void expiringTokenClosesTheSocketWith4401() {
        Prd prd = Fixtures.newPrd();
        String subject = "u-short-" + java.util.UUID.randomUUID();
        Fixtures.update("INSERT INTO org_members (organization_id, subject, role) VALUES (?, ?, 'member')",
                prd.organizationId(), subject);
        String token = Tokens.forTests().token(subject, "s@example.com", "Short", Set.of(), Duration.ofSeconds(3));
        YClient c = YClient.connect(url(prd, token));
        assertThat(c.closed.orTimeout(15, TimeUnit.SECONDS).join()).isEqualTo(4401);
        assertThat(c.closeReason).isEqualTo("token expired");
    }

    @Test
    void revokedMembershipClosesTheSocketWith4403() {
        Prd prd = Fixtures.newPrd();
        String subject = "u-revoked-" + java.util.UUID.randomUUID();
        Fixtures.update("INSERT INTO org_members (organization_id, subject, role) VALUES (?, ?, 'member')",
                prd.organizationId(), subject);
        YClient c = YClient.connectSynced(url(prd, Tokens.forTests().token(subject, "r@example.com", "R")));
        Fixtures.update("DELETE FROM org_members WHERE subject = ?", subject);
        assertThat(c.closed.orTimeout(15, TimeUnit.SECONDS).join()).isEqualTo(4403);
    }

    @Test
    void aClientReannouncingAfterReconnectIsSeenAgainDespiteTheServersRemoval() {
        Prd prd = Fixtures.newPrd();
        try (YClient watcher = YClient.connectSynced(url(prd, prd.member("member")))) {
            YClient first = YClient.connectSynced(url(prd, prd.member("member")));
            long id = first.doc.clientId();
            first.setAwareness(3, "{\"user\":{\"name\":\"Bo\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.awareness.containsKey(id));
            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.awareness.containsKey(id));
            assertThat(watcher.awarenessClocks.get(id)).isEqualTo(4); // the server's removal
            // same client id and clock again, as y-websocket does on reconnect: relayed above the removal
            try (YClient again = YClient.connectSynced(url(prd, prd.member("member")))) {
                again.send(io.prdtool.collab.sync.YMessages.awareness(Awareness.encode(
                        java.util.List.of(new Awareness.Entry(id, 3, "{\"user\":{\"name\":\"Bo\"}}")))));
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.awareness.containsKey(id));
                assertThat(watcher.awarenessClocks.get(id)).isEqualTo(5);
            }
        }
    }

    @Test
    void nobodyCanChangeOrHideAnotherUsersAwarenessState() {
        Prd prd = Fixtures.newPrd();
        try (YClient alice = YClient.connectSynced(url(prd, prd.member("member")));
                YClient watcher = YClient.connectSynced(url(prd, prd.member("viewer")));
                YClient mallory = YClient.connectSynced(url(prd, prd.member("admin")))) {
            long id = alice.doc.clientId();
            alice.setAwareness(1, "{\"user\":{\"name\":\"Alice\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.awareness.containsKey(id)
                    && mallory.awareness.containsKey(id));
            // another user renames alice's client, then removes it; then announces a state of its own
            mallory.send(YMessages.awareness(Awareness.encode(
                    java.util.List.of(new Awareness.Entry(id, 7, "{\"user\":{\"name\":\"Not Alice\"}}")))));
            mallory.send(YMessages.awareness(Awareness.encode(java.util.List.of(new Awareness.Entry(id, 8, "null")))));
            mallory.setAwareness(1, "{\"user\":{\"name\":\"Mallory\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.awareness.containsKey(mallory.doc.clientId()));
            assertThat(watcher.awareness.get(id)).isEqualTo("{\"user\":{\"name\":\"Alice\"}}");
            assertThat(watcher.awarenessClocks.get(id)).isEqualTo(1);
            // alice herself still moves her state
            alice.setAwareness(2, "{\"user\":{\"name\":\"Alice B.\"}}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "{\"user\":{\"name\":\"Alice B.\"}}".equals(watcher.awareness.get(id)));
        }
    }

    @Test
    void aClientThatStopsReadingIsCaughtUpOnceItReadsAgainInsteadOfClosed() {
        Prd prd = Fixtures.newPrd();
        try (YClient talker = YClient.connectSynced(url(prd, prd.member("member")));
                YClient stalled = YClient.connectSynced(url(prd, prd.member("member")))) {
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Fixtures.count("SELECT count(*) FROM active_sessions WHERE prd_id = ?", prd.id()) == 2);
            stalled.pauseReading();
            // awareness is relayed to everyone: 40 MB for a client that reads nothing (%test: it lags beyond 256 KiB
            // queued, and 1 MiB would close it); document edits in between
            String big = "{\"blob\":\"" + "x".repeat(200_000) + "\"}";
            for (int i = 1; i <= 200 && !talker.isClosed(); i++) {
                talker.setAwareness(i, big);
                if (i % 20 == 0) {
                    talker.insert(0, "edit" + i + " ");
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 10);
            talker.content().delete(0, 7); // a delete while it lags reaches it too
            talker.insert(0, "last ");
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 12);
            assertThat(talker.isClosed()).isFalse();
            // what was held back for it is one catch-up, not 40 MB: it reads again and has everything
            stalled.resumeReading();
            await().atMost(Duration.ofSeconds(30)).until(() -> stalled.text().equals(talker.text()));
            assertThat(stalled.text()).startsWith("last ").contains("edit20 ");
            assertThat(stalled.isClosed()).isFalse();
            assertThat(Fixtures.count("SELECT count(*) FROM active_sessions WHERE prd_id = ?", prd.id()))
                    .isEqualTo(2);
        }
    }

    @Test
    void aPrdTheProjectionHasNotSeenYetOpensForItsMemberNotForOthers() throws Exception {
        String subject = "u-new-" + java.util.UUID.randomUUID();
        Prd prd = PrdServiceResource.createdBy(subject); // prd-service has it; collab-service's projection not yet
        String token = Tokens.forTests().token(subject, subject + "@example.com", "Newcomer");
        String outsider = Tokens.forTests().token("u-out-" + java.util.UUID.randomUUID(), "o@example.com", "Out");
        YClient member = YClient.connect(url(prd, token));
        YClient stranger = YClient.connect(url(prd, outsider));
        // the member is held, not refused, while collab-service waits for the access events (3 s in %test)
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !member.isClosed());
        // the access events arrive: the held connection is admitted
        Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(),
                prd.organizationId());
        prd.member("member", subject);
        member.synced.orTimeout(10, TimeUnit.SECONDS).join();
        // the new document starts from the content prd-service holds (one seed, written by the service)
        assertThat(member.text()).isEqualTo("# Brand new\n");
        member.insert(0, "first words");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 2);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND user_subject IS NULL",
                prd.id())).isEqualTo(1);
        assertThat(member.isClosed()).isFalse();
        member.close();
        // prd-service answers 404 to the outsider: refused as an unknown PRD, before and after it is known
        assertThat(stranger.closed.orTimeout(15, TimeUnit.SECONDS).join()).isEqualTo(4404);
        YClient again = YClient.connect(url(prd, outsider));
        assertThat(again.closed.orTimeout(15, TimeUnit.SECONDS).join()).isEqualTo(4404);
    }

    @Test
    void aPrdConfirmedByPrdServiceButStillUnknownAfterTheWaitIsRetriedNotRefused() {
        String subject = "u-new-" + java.util.UUID.randomUUID();
        Prd prd = PrdServiceResource.createdBy(subject);
        YClient member = YClient
                .connect(url(prd, Tokens.forTests().token(subject, subject + "@example.com", "Newcomer")));
        // 1013 "try again later" after the wait (3 s in %test): a stock client reconnects
        assertThat(member.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1013);
        assertThat(member.closeReason).isEqualTo("document not ready yet; try again later");
    }
}
