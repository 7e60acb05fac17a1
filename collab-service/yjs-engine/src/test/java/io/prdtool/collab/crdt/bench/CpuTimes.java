package io.prdtool.collab.crdt.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;

/**
 * Process CPU time per operation (median), the same four measures as the JMH benchmark. On a shared,
 * overloaded machine wall-clock time mostly measures the neighbours; CPU time (the JVM's, including
 * JIT and GC threads, as {@code process.cpuUsage()} includes V8's) is what the work costs. Prints JSON.
 */
public final class CpuTimes {

    private CpuTimes() {
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double medianMs(int warmups, int runs, int opsPerRun, Runnable op) {
        for (int i = 0; i < warmups; i++) {
            op.run();
        }
        double[] xs = new double[runs];
        for (int r = 0; r < runs; r++) {
            long c0 = cpuNanos();
            for (int i = 0; i < opsPerRun; i++) {
                op.run();
            }
            xs[r] = (cpuNanos() - c0) / 1e6 / opsPerRun;
        }
        Arrays.sort(xs);
        return xs[runs / 2];
    }

    public static void main(String[] args) throws Exception {
        EditingTrace trace = args.length > 0 ? EditingTrace.load(Path.of(args[0])) : EditingTrace.load();
        List<byte[]> updates = trace.perEditUpdates();
        YDoc doc = trace.replay(new YDoc(1));
        byte[] state = Updates.encodeStateAsUpdate(doc);
        Object[] sink = new Object[1];
        double replay = medianMs(6, 10, 1, () -> sink[0] = trace.replay(new YDoc(1)));
        double apply = medianMs(10, 10, 1, () -> {
            YDoc d = new YDoc(2);
            for (byte[] u : updates) {
                Updates.applyUpdate(d, u);
            }
            sink[0] = d;
        });
        double encode = medianMs(200, 15, 100, () -> sink[0] = Updates.encodeStateAsUpdate(doc));
        double decode = medianMs(60, 15, 30, () -> {
            YDoc d = new YDoc(3);
            Updates.applyUpdate(d, state);
            sink[0] = d;
        });
        System.out.printf(
                "{\"replayCpuMs\": %.3f, \"applyCpuMs\": %.3f, \"encodeCpuMs\": %.3f, \"decodeCpuMs\": %.3f}%n", replay,
                apply, encode, decode);
    }
}
