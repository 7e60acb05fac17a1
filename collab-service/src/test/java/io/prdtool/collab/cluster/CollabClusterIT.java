package io.prdtool.collab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.ServiceProcess;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;

/**
 * Two collab-service processes (the packaged jar) on the same PostgreSQL and Kafka, clients split across them: edits
 * and awareness fan out between the instances and everyone converges; a {@code kill -9} of one instance loses nothing
 * a client has seen.
 */
class CollabClusterIT {

    private static final List<ServiceProcess> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void infrastructure() {
        PostgresServer.shared();
        KafkaBroker.shared().createTopics(3, "prdtool.collab.sync");
    }

    @AfterAll
    static void stopInstances() {
        INSTANCES.forEach(i -> i.process().destroyForcibly());
    }

    static ServiceProcess start(String name) throws Exception {
        // a long catch-up interval: convergence here has to come from the Kafka fan-out
        ServiceProcess instance = ServiceProcess.start(name, "-Dprdtool.collab.cluster.catch-up-interval=60s");
        INSTANCES.add(instance);
        return instance;
    }

    @Test
    void clientsOnTwoInstancesConvergeAndKillingOneLosesNothingSeen() throws Exception {
        ServiceProcess one = start("one");
        ServiceProcess two = start("two");
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
        one.kill();
        assertThat(a.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        ServiceProcess restarted = start("one-again");
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
