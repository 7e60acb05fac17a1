package io.prdtool.collab.crdt.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;

/**
 * The automerge-paper trace through the engine: local replay, v1 encode/decode of the result, and a
 * server applying the per-edit updates. {@code bench/crdt-bench.sh} runs this next to the same work
 * in Yjs ({@code src/test/js/bench.mjs}) and prints the ratios. Each benchmark holds only the state it
 * needs, so no fork carries the others' garbage.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class YTextTraceBenchmark {

    @State(Scope.Benchmark)
    public static class Trace {

        EditingTrace trace;

        @Setup
        public void load() throws IOException {
            trace = EditingTrace.load();
            check(trace.replay(new YDoc(1)), trace, "replay");
        }
    }

    @State(Scope.Benchmark)
    public static class PerEditUpdates {

        List<byte[]> updates;

        @Setup
        public void record() throws IOException {
            EditingTrace trace = EditingTrace.load();
            updates = trace.perEditUpdates();
            YDoc applied = new YDoc(2);
            for (byte[] u : updates) {
                Updates.applyUpdate(applied, u);
            }
            check(applied, trace, "apply");
        }
    }

    @State(Scope.Benchmark)
    public static class LoadedDoc {

        YDoc doc;
        byte[] stateV1;

        @Setup
        public void build() throws IOException {
            EditingTrace trace = EditingTrace.load();
            doc = trace.replay(new YDoc(1));
            stateV1 = Updates.encodeStateAsUpdate(doc);
            YDoc decoded = new YDoc(3);
            Updates.applyUpdate(decoded, stateV1);
            check(decoded, trace, "decode");
        }
    }

    /** Like Yjs's side: the state comes from a replay in this process, nothing was decoded yet. */
    @State(Scope.Benchmark)
    public static class NeverDecoded {

        byte[] stateV1;

        @Setup
        public void build() throws IOException {
            stateV1 = Updates.encodeStateAsUpdate(EditingTrace.load().replay(new YDoc(1)));
        }
    }

    static void check(YDoc doc, EditingTrace trace, String what) {
        if (!doc.getText("text").toString().equals(trace.endContent())) {
            throw new IllegalStateException(what + " did not reproduce endContent");
        }
    }

    @Benchmark
    public YDoc replayLocalEdits(Trace t) {
        return t.trace.replay(new YDoc(1));
    }

    @Benchmark
    @Warmup(iterations = 10)
    public YDoc applyPerEditUpdates(PerEditUpdates p) {
        YDoc doc = new YDoc(2);
        for (byte[] u : p.updates) {
            Updates.applyUpdate(doc, u);
        }
        return doc;
    }

    // single operations, many of them: the report takes the median, as the Yjs side does
    @Benchmark
    @Warmup(iterations = 200)
    @Measurement(iterations = 40)
    public byte[] encodeV1(LoadedDoc d) {
        return Updates.encodeStateAsUpdate(d.doc);
    }

    @Benchmark
    @Warmup(iterations = 100)
    @Measurement(iterations = 40)
    public YDoc decodeV1(LoadedDoc d) {
        YDoc doc = new YDoc(3);
        Updates.applyUpdate(doc, d.stateV1);
        return doc;
    }

    /** The first decode in a fresh JVM, as a server loading a document after start-up sees it. */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 5, jvmArgsAppend = {"-Xmx2g"})
    public YDoc decodeV1Cold(NeverDecoded d) {
        YDoc doc = new YDoc(3);
        Updates.applyUpdate(doc, d.stateV1);
        return doc;
    }
}
