package io.prdtool.collab.crdt.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;

/**
 * The cost of one full-document decode and one full-state encode (update v1) of the automerge-paper document, in
 * the measuring thread's own CPU time (median and first quartile over single operations) and the bytes it allocated:
 * what changes in the engine do to these two paths, readable on a machine too busy for wall-clock comparisons
 * (the garbage collector's share is not in the thread's time, the allocation figure stands for it). Prints one line
 * per operation.
 *
 * <pre>
 * java -cp "$OUT/test-classes:$OUT/classes:$(cat $OUT/classpath.txt)" \
 *     io.prdtool.collab.crdt.bench.DecodeEncodeCost [trace.json.gz]   # OUT: target/crdt-bench of crdt-bench.sh
 * </pre>
 */
public final class DecodeEncodeCost {

    private DecodeEncodeCost() {
    }

    public static void main(String[] args) throws Exception {
        EditingTrace trace = args.length > 0 ? EditingTrace.load(Path.of(args[0])) : EditingTrace.load();
        YDoc doc = trace.replay(new YDoc(1));
        byte[] state = Updates.encodeStateAsUpdate(doc);
        measure("decode v1", 300, 300, () -> {
            YDoc d = new YDoc(3);
            Updates.applyUpdate(d, state);
            return d;
        });
        measure("encode v1", 1000, 1000, () -> Updates.encodeStateAsUpdate(doc));
    }

    private static void measure(String what, int warmups, int runs, java.util.function.Supplier<Object> op) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        Object sink = null;
        for (int i = 0; i < warmups; i++) {
            sink = op.get();
        }
        double[] ms = new double[runs];
        long allocated = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            sink = op.get();
            ms[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        }
        allocated = (threads.getCurrentThreadAllocatedBytes() - allocated) / runs;
        Arrays.sort(ms);
        System.out.printf(
                "%s: thread CPU median %.3f ms, first quartile %.3f ms, allocated %,d bytes per operation%s%n",
                what, ms[runs / 2], ms[runs / 4], allocated, sink == null ? " (nothing)" : "");
    }
}
