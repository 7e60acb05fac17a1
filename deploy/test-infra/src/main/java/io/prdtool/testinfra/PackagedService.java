package io.prdtool.testinfra;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another service of the suite, packaged ({@code <module>/target/quarkus-app/quarkus-run.jar}), running as its own
 * process on this JVM's test PostgreSQL and Kafka broker and trusting the test token keys: a service's tests call
 * the real prd-service or collab-service instead of an imitation. One process per module and JVM, started on first
 * use and stopped at JVM exit. In the reactor build ({@code ./mvnw verify}) the modules a service depends on this way
 * are packaged before its tests run; a build of one module alone needs them packaged first
 * ({@code ./mvnw -pl prd-service,collab-service package -DskipTests}).
 */
public final class PackagedService {

    private static final Map<String, PackagedService> RUNNING = new ConcurrentHashMap<>();

    /**
     * Runs the service as a child of a shell that stops it when the test JVM is gone, even if that JVM was killed
     * before its shutdown hooks ran (a service outliving its tests would slow every later module of the build).
     * {@code $1}: the test JVM's pid; the rest: the service's command line.
     */
    private static final String WATCHDOG = "parent=$1; shift; \"$@\" & child=$!;"
            + " trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT;"
            + " while kill -0 \"$parent\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done;"
            + " kill $child 2>/dev/null; wait $child";

    private final String module;
    private final Process process;
    private final int port;

    private PackagedService(String module, Process process, int port) {
        this.module = module;
        this.process = process;
        this.port = port;
    }

    /** The module's service, started if it is not running yet ({@code extraProperties}: {@code -Dname=value}). */
    public static PackagedService shared(String module, String... extraProperties) {
        return RUNNING.computeIfAbsent(module, m -> start(m, extraProperties));
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static PackagedService start(String module, String... extraProperties) {
        Path root = repositoryRoot();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + " is missing): build it first, e.g."
                    + " ./mvnw -pl " + module + " package -DskipTests, or run the whole build (./mvnw verify)");
        }
        PostgresServer pg = PostgresServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        JwtKeys keys = JwtKeys.forTests();
        int port = KafkaBroker.freePort();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dprdtool.db.host=" + pg.host(), "-Dprdtool.db.port=" + pg.port(),
                "-Dprdtool.db.name=" + PostgresServer.DATABASE,
                "-Dquarkus.datasource.username=" + pg.user(), "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dmp.jwt.verify.publickey.location=" + keys.publicKeyFile().toUri(),
                "-Dmp.jwt.verify.issuer=" + Tokens.TEST_ISSUER, "-Dmp.jwt.verify.audiences=" + Tokens.AUDIENCE,
                "-Dquarkus.log.console.json.enabled=false"));
        cmd.addAll(List.of(extraProperties));
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(0, List.of("/bin/sh", "-c", WATCHDOG, "watchdog", Long.toString(ProcessHandle.current().pid())));
        try {
            Path logDir = Files.createDirectories(Path.of("target"));
            File log = logDir.resolve(module + ".log").toFile();
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
            PackagedService service = new PackagedService(module, process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroy(), module + "-shutdown"));
            service.awaitReady(log.toPath(), Duration.ofSeconds(180));
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + module, e);
        }
    }

    private void awaitReady(Path log, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited while starting; its log: " + tail(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + module, e);
            }
            try {
                Thread.sleep(250); // polling a child process's readiness: nothing to wait on but time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + module, e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(module + " was not ready within " + timeout.toSeconds() + " s; its log: "
                + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** The repository root: the nearest directory above the working directory that has the parent pom's modules. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("shared-schema")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
    }
}
