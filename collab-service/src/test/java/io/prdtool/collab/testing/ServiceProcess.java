package io.prdtool.collab.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.prdtool.testinfra.JwtKeys;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;
import io.prdtool.testinfra.Tokens;

/** The packaged collab-service ({@code target/quarkus-app/quarkus-run.jar}) as its own process on the test infra. */
public record ServiceProcess(Process process, int port) {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /** The JVM options collab-service's Deployment gives it: measured as shipped, from the one place they live. */
    static List<String> serviceJvmOptions() throws IOException {
        String manifest = Files.readString(Path.of("..", "deploy", "k8s", "base", "services.yaml"));
        Matcher m = Pattern.compile("JAVA_OPTS_SERVICE, value: \"([^\"]*)\"")
                .matcher(manifest.substring(manifest.indexOf("image: prdtool/collab-service")));
        assertThat(m.find()).as("JAVA_OPTS_SERVICE in deploy/k8s/base/services.yaml").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** Starts an instance named {@code name} (its instance id; log in target/collab-&lt;name&gt;.log), ready. */
    public static ServiceProcess start(String name, String... extraProperties) throws IOException {
        assertThat(JAR).as("packaged application").exists();
        PostgresServer pg = PostgresServer.shared();
        JwtKeys keys = JwtKeys.forTests();
        int port = KafkaBroker.freePort();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dprdtool.db.host=" + pg.host(), "-Dprdtool.db.port=" + pg.port(),
                "-Dprdtool.db.name=" + PostgresServer.DATABASE,
                "-Dquarkus.datasource.username=" + pg.user(), "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + KafkaBroker.shared().bootstrapServers(),
                "-Dmp.jwt.verify.publickey.location=" + keys.publicKeyFile().toUri(),
                "-Dmp.jwt.verify.issuer=" + Tokens.TEST_ISSUER, "-Dmp.jwt.verify.audiences=" + Tokens.AUDIENCE,
                "-Dprdtool.collab.instance-id=" + name,
                "-Dquarkus.log.console.json.enabled=false",
                // no prd-service next to it unless the caller names one (and turns this back on)
                "-Dprdtool.collab.documents.seed-from-prd-service=false"));
        if (Stream.of(extraProperties).noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            cmd.add("-XX:+UseSerialGC"); // as deploy/docker/Dockerfile.jvm, unless the caller picks another collector
        }
        // collab-service's own tuning, as its Deployment sets it; later options win, so a caller can override any of
        // them (e.g. -XX:TieredStopAtLevel=4)
        cmd.addAll(serviceJvmOptions());
        cmd.addAll(List.of(extraProperties));
        cmd.addAll(List.of("-jar", JAR.toString()));
        File log = Path.of("target", "collab-" + name + ".log").toFile();
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log.toPath()));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return new ServiceProcess(process, port);
    }

    /** kill -9 */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
