package io.prdtool.integration.git;

import static io.prdtool.integration.git.GitTestRepos.prd;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.git.CommitResult.Outcome;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/** The reactive face: JGit runs on the git worker pool, the result comes back on the caller's event loop. */
class GitPublisherTest {

    @TempDir
    Path tmp;

    private Vertx vertx;
    private GitTestRepos repos;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        repos = new GitTestRepos(tmp.resolve("server"));
        repos.create("docs");
    }

    @AfterEach
    void stop() throws Exception {
        repos.close();
        vertx.closeAndAwait();
    }

    @Test
    void gitWorkRunsOnAWorkerAndTheResultReturnsToTheEventLoop() throws Exception {
        AtomicReference<String> gitThread = new AtomicReference<>();
        GitCommitter committer = new GitCommitter(GitSettings.defaults().withCacheDir(tmp.resolve("cache"))
                .withRemotePolicy(true, true, false), attempt -> gitThread.set(Thread.currentThread().getName()));
        GitPublisher publisher = new GitPublisher(vertx, committer, 2);
        CompletableFuture<CommitResult> result = new CompletableFuture<>();
        CompletableFuture<Boolean> backOnEventLoop = new CompletableFuture<>();

        vertx.runOnContext(() -> publisher.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(),
                prd("1.0.0", "x\n")).subscribe().with(r -> {
                    backOnEventLoop.complete(Context.isOnEventLoopThread());
                    result.complete(r);
                }, result::completeExceptionally));

        assertThat(result.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(backOnEventLoop.get()).isTrue();
        assertThat(gitThread.get()).startsWith("prdtool-git");
        publisher.close();
    }

    @Test
    void failuresArriveAsDeliveryExceptions() {
        GitPublisher publisher = new GitPublisher(vertx, new GitCommitter(GitSettings.defaults().withCacheDir(tmp
                .resolve("cache"))), 1);

        Throwable failure = publisher.publish(GitTarget.of("file:///etc"), GitCredentials.none(), prd("1.0.0",
                "x\n")).onItem().<Throwable>transform(r -> null).onFailure().recoverWithItem(t -> t).await()
                .atMost(Duration.ofSeconds(30));

        assertThat(failure).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL));
        publisher.close();
    }
}
