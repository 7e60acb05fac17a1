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
 * in Yjs ({@code src/test/js/bench.mjs}) and prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class YTextTraceBenchmark {

    private EditingTrace trace;
    private List<byte[]> perEditUpdates;
    private YDoc replayed;
    private byte[] stateV1;

    @Setup
    public void setUp() throws IOException {
        trace = EditingTrace.load();
        replayed = trace.replay(new YDoc(1));
        check(replayed, "replay");
        stateV1 = Updates.encodeStateAsUpdate(replayed);
        perEditUpdates = trace.perEditUpdates();
        YDoc applied = new YDoc(2);
        for (byte[] u : perEditUpdates) {
            Updates.applyUpdate(applied, u);
        }
        check(applied, "apply");
    }

    private void check(YDoc doc, String what) {
        if (!doc.getText("text").toString().equals(trace.endContent())) {
            throw new IllegalStateException(what + " did not reproduce endContent");
        }
    }

    @Benchmark
    public YDoc replayLocalEdits() {
        return trace.replay(new YDoc(1));
    }

    @Benchmark
    @Warmup(iterations = 10)
    public YDoc applyPerEditUpdates() {
        YDoc doc = new YDoc(2);
        for (byte[] u : perEditUpdates) {
            Updates.applyUpdate(doc, u);
        }
        return doc;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 4, time = 1)
    @Measurement(iterations = 6, time = 1)
    public byte[] encodeV1() {
        return Updates.encodeStateAsUpdate(replayed);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 4, time = 1)
    @Measurement(iterations = 6, time = 1)
    public YDoc decodeV1() {
        YDoc doc = new YDoc(3);
        Updates.applyUpdate(doc, stateV1);
        return doc;
    }

    /** The first decode in a fresh JVM, as a server loading a document after start-up sees it. */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 5, jvmArgsAppend = {"-Xmx2g"})
    public YDoc decodeV1Cold() {
        YDoc doc = new YDoc(3);
        Updates.applyUpdate(doc, stateV1);
        return doc;
    }
}
