package io.prdtool.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node OpenSearch 2.19 server in its own JVM (module {@code deploy/opensearch-node}: the server jars
 * with the transport-netty4 and analysis-common modules), started on a free loopback port with a temporary data
 * directory, ready once the cluster health is yellow. Tests share one server per JVM ({@link #shared()}); it starts
 * on first use (a few seconds) and stops with the JVM. When {@code PRDTOOL_TEST_OPENSEARCH_URL} is set, that server
 * is used instead and nothing is started.
 * <p>
 * The node's classpath is {@code deploy/opensearch-node/target/classes} and {@code target/node-lib}, which the
 * reactor build of that module writes (prd-service depends on it, so {@code -pl prd-service -am} builds it); the
 * directory is found from the working directory upwards, or given as {@code -Dprdtool.test.opensearch.node=...}.
 */
public final class OpenSearchServer implements AutoCloseable {

    private static OpenSearchServer shared;

    private final String url;
    private final Path home;
    private final List<String> command;
    private Process process;

    private OpenSearchServer(String url, Path home, List<String> command) {
        this.url = url;
        this.home = home;
        this.command = command;
    }

    public static synchronized OpenSearchServer shared() {
        if (shared == null) {
            String external = System.getenv("PRDTOOL_TEST_OPENSEARCH_URL");
            if (external != null && !external.isBlank()) {
                shared = new OpenSearchServer(external.strip(), null, null);
            } else {
                try {
                    shared = launch(Files.createTempDirectory("prdtool-opensearch-"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "opensearch-shutdown"));
            }
        }
        return shared;
    }

    /** Starts a node with its data in {@code home} and waits until it serves requests (output: home/node.log). */
    public static OpenSearchServer launch(Path home) throws IOException {
        int port = KafkaBroker.freePort();
        Path node = nodeDirectory();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dlog4j2.disable.jmx=true");
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(node.resolve("classes") + java.io.File.pathSeparator + node.resolve("node-lib") + "/*");
        command.add("io.prdtool.opensearchnode.OpenSearchNode");
        command.add(home.toString());
        command.add(String.valueOf(port));
        command.add(String.valueOf(KafkaBroker.freePort()));
        OpenSearchServer server = new OpenSearchServer("http://127.0.0.1:" + port, home, List.copyOf(command));
        server.start();
        return server;
    }

    /** Starts the node (again: same ports, same data) and waits until it serves requests. */
    public synchronized void start() {
        if (command == null) {
            throw new IllegalStateException("An external OpenSearch node cannot be started or stopped from here");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the OpenSearch node", e);
        }
        awaitReady(Duration.ofSeconds(120));
    }

    /** Whether this node was started here (so tests may stop and start it), not an external one. */
    public boolean isExternal() {
        return command == null;
    }

    /** The HTTP address of the node, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public Path logFile() {
        return home == null ? null : home.resolve("node.log");
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the node (SIGTERM: the node closes cleanly); its data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process);
        process = null;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow"
                + "&timeout=2s")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The OpenSearch node exited with " + process.exitValue() + "; see "
                        + logFile());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("The OpenSearch node did not become ready in " + timeout + "; see "
                + logFile(), last);
    }

    private static Path nodeDirectory() {
        String given = System.getProperty("prdtool.test.opensearch.node");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/opensearch-node/target");
            if (Files.isDirectory(candidate.resolve("node-lib")) && Files.isDirectory(candidate.resolve("classes"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/opensearch-node/target/node-lib is missing: build with"
                + " ./mvnw -pl prd-service -am ... (or set -Dprdtool.test.opensearch.node)");
    }
}
