package io.prdtool.collab.crdt.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;

/**
 * Retained heap of the automerge-paper document: after a local replay, and after loading its v1
 * state into a fresh document (what a server holds per open document). Prints one JSON object.
 */
public final class HeapFootprint {

    private HeapFootprint() {
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    public static void main(String[] args) throws Exception {
        EditingTrace trace = args.length > 0 ? EditingTrace.load(Path.of(args[0])) : EditingTrace.load();
        byte[] state = Updates.encodeStateAsUpdate(trace.replay(new YDoc(1)));

        long base = usedAfterGc();
        YDoc replayed = trace.replay(new YDoc(1));
        long afterReplay = usedAfterGc();
        YDoc loaded = new YDoc(2);
        Updates.applyUpdate(loaded, state);
        long afterLoad = usedAfterGc();

        if (!loaded.getText("text").toString().equals(trace.endContent())
                || !replayed.getText("text").toString().equals(trace.endContent())) {
            throw new IllegalStateException("documents do not match endContent");
        }
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (byte[] u : trace.perEditUpdates()) {
            sha.update(u);
        }
        java.util.HexFormat hex = java.util.HexFormat.of();
        java.security.MessageDigest stateSha = java.security.MessageDigest.getInstance("SHA-256");
        // the decoded document encoded again must give the very same bytes
        byte[] reencoded = Updates.encodeStateAsUpdate(loaded);
        System.out.printf("{\"replayedDocBytes\": %d, \"loadedDocBytes\": %d, \"stateV1Bytes\": %d,"
                + " \"updatesSha256\": \"%s\", \"stateSha256\": \"%s\", \"reencodedSha256\": \"%s\"}%n",
                afterReplay - base, afterLoad - afterReplay, state.length, hex.formatHex(sha.digest()),
                hex.formatHex(stateSha.digest(state)), hex.formatHex(stateSha.digest(reencoded)));
    }
}
