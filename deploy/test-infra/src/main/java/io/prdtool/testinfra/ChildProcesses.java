package io.prdtool.testinfra;

import java.util.concurrent.TimeUnit;

/** Helpers for the servers test-infra runs as child processes (the Kafka broker, the OpenSearch node). */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Stops {@code process} cleanly (SIGTERM, up to 30 s to close its files), then forcibly; an interrupt while
     * waiting kills it at once and keeps the thread's interrupt flag.
     */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
