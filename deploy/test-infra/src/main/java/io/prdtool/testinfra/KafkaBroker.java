package io.prdtool.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller) running in its own JVM, so that tests can stop it
 * and start it again on the same port with the same data, exactly like an outage. The broker's classpath was
 * resolved by Maven when test-infra was built ({@code kafka-broker.classpath}).
 * <p>
 * Tests share one broker per JVM ({@link #shared()}). When {@code PRDTOOL_TEST_KAFKA_BOOTSTRAP} is set, that external
 * broker is used instead and nothing is started.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final String bootstrapServers;
    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    private KafkaBroker(String bootstrapServers, Path dataDirectory, int port, int controllerPort, String heap) {
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            String external = System.getenv("PRDTOOL_TEST_KAFKA_BOOTSTRAP");
            if (external != null && !external.isBlank()) {
                shared = new KafkaBroker(external, null, -1, -1, null);
            } else {
                try {
                    shared = launch(Files.createTempDirectory("prdtool-kafka-"), freePort(), freePort(), "384m");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-shutdown"));
            }
        }
        return shared;
    }

    /**
     * Formats {@code dataDirectory} if it holds no broker yet, starts the broker and waits until it answers.
     * The broker's output goes to {@code dataDirectory/broker.log}.
     */
    public static KafkaBroker launch(Path dataDirectory, int port, int controllerPort, String heap)
            throws IOException {
        KafkaBroker broker = new KafkaBroker("localhost:" + port, dataDirectory, port, controllerPort, heap);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isExternal() {
        return dataDirectory == null;
    }

    public Path logFile() {
        return dataDirectory == null ? null : dataDirectory.resolve("broker.log");
    }

    /** Starts the broker (again), on the same ports and data, and waits until it serves requests. */
    public synchronized void start() {
        requireOwned();
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path config = writeConfig();
            Path logs = dataDirectory.resolve("logs");
            if (!Files.exists(logs.resolve("meta.properties"))) {
                run(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString(),
                        "--ignore-formatted"), Duration.ofSeconds(90));
            }
            process = java(List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker", e);
        }
        awaitReady(Duration.ofSeconds(90));
    }

    /** Stops the broker cleanly; committed data stays on disk for {@link #start()}. */
    public synchronized void stop() {
        requireOwned();
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process);
        process = null;
    }

    /** Creates topics that do not exist yet (partitions each, replication factor 1). */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            List<NewTopic> wanted = new ArrayList<>();
            for (String t : topics) {
                wanted.add(new NewTopic(t, partitions, (short) 1));
            }
            var results = admin.createTopics(wanted).values();
            for (var f : results.values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics", e);
        }
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    @Override
    public synchronized void close() {
        if (!isExternal()) {
            stop();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited with " + process.exitValue()
                        + "; see " + logFile());
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                sleep(250);
            }
        }
        throw new IllegalStateException("The Kafka broker did not become ready in " + timeout + "; see "
                + logFile(), last);
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dataDirectory);
        String config = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@localhost:%2$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dataDirectory.resolve("logs"));
        Path file = dataDirectory.resolve("server.properties");
        Files.writeString(file, config);
        return file;
    }

    private String clusterId() throws IOException {
        Path file = dataDirectory.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        // a Kafka cluster id is a base64url-encoded UUID without padding; like Kafka's own generator, avoid a
        // leading '-', which the storage tool's argument parser would take for an option
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            var bb = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bb.array());
        } while (id.startsWith("-"));
        Files.writeString(file, id);
        return id;
    }

    private void run(List<String> args, Duration timeout) throws IOException {
        Process p = java(args).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + args + "; see " + logFile());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Failed (" + p.exitValue() + "): " + args + "; see " + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder java(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-Xms64m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(brokerClasspath());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath is missing: build test-infra with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private void requireOwned() {
        if (isExternal()) {
            throw new IllegalStateException("An external Kafka broker cannot be started or stopped from here");
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
