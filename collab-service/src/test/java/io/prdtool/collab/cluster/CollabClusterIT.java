package io.prdtool.collab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.JwtKeys;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;
import io.prdtool.testinfra.Tokens;

/**
 * Two collab-service processes (the packaged jar) on the same PostgreSQL and Kafka, clients split across them: edits
 * and awareness fan out between the instances and everyone converges; a {@code kill -9} of one instance loses nothing
 * a client has seen.
 */
class CollabClusterIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final List<Instance> INSTANCES = new ArrayList<>();

    record Instance(Process process, int port) {
    }

    @BeforeAll
    static void infrastructure() {
        PostgresServer.shared();
        KafkaBroker.shared().createTopics(3, "prdtool.collab.sync");
    }

    @AfterAll
    static void stopInstances() {
        INSTANCES.forEach(i -> i.process().destroyForcibly());
    }

    static Instance start(String name) throws Exception {
        assertThat(JAR).as("packaged application").exists();
        PostgresServer pg = PostgresServer.shared();
        JwtKeys keys = JwtKeys.forTests();
        int port = KafkaBroker.freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dprdtool.db.host=" + pg.host(), "-Dprdtool.db.port=" + pg.port(),
                "-Dprdtool.db.name=" + PostgresServer.DATABASE,
                "-Dquarkus.datasource.username=" + pg.user(), "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + KafkaBroker.shared().bootstrapServers(),
                "-Dmp.jwt.verify.publickey.location=" + keys.publicKeyFile().toUri(),
                "-Dmp.jwt.verify.issuer=" + Tokens.TEST_ISSUER, "-Dmp.jwt.verify.audiences=" + Tokens.AUDIENCE,
                "-Dprdtool.collab.instance-id=" + name,
                "-Dprdtool.collab.cluster.catch-up-interval=30s",
                "-Dquarkus.log.console.json.enabled=false",
                "-jar", JAR.toString()));
        File log = Path.of("target", "cluster-it-" + name + ".log").toFile();
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        Instance instance = new Instance(process, port);
        INSTANCES.add(instance);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log.toPath()));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return instance;
    }

    @Test
    void clientsOnTwoInstancesConvergeAndKillingOneLosesNothingSeen() throws Exception {
        Instance one = start("one");
        Instance two = start("two");
        Prd prd = Fixtures.newPrd();
        YClient a = YClient.connectSynced(YClient.url(one.port(), prd.id(), prd.member("member")));
        YClient b = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("member")));
        YClient c = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("viewer")));

        a.insert(0, "from one");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals("from one"));
        for (int i = 0; i < 30; i++) {
            a.insert(0, "a");
            b.insert(b.text().length(), "b");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> a.text().equals(b.text()) && b.text().equals(c.text())
                && a.text().length() == "from one".length() + 60);

        a.setAwareness(1, "{\"user\":{\"name\":\"on-one\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.awareness.containsKey(a.doc.clientId()));

        // every edit b has seen is durable: kill -9 the instance a wrote to
        String seen = b.text();
        one.process().destroyForcibly().waitFor();
        assertThat(a.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        Instance restarted = start("one-again");
        YClient late = YClient.connectSynced(YClient.url(restarted.port(), prd.id(), prd.member("viewer")));
        assertThat(late.text()).isEqualTo(seen);
        YClient other = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("viewer")));
        assertThat(other.text()).isEqualTo(seen);

        // the surviving and the restarted instance keep fanning out to each other
        late.close();
        YClient d = YClient.connectSynced(YClient.url(restarted.port(), prd.id(), prd.member("admin")));
        d.insert(0, "after restart ");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().startsWith("after restart "));
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()))
                .isGreaterThanOrEqualTo(62);
    }
}
