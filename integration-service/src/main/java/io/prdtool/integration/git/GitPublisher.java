package io.prdtool.integration.git;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

/**
 * The git target as the dispatcher sees it: {@link #publish} returns at once and does the JGit work on a small
 * dedicated worker pool ({@code prdtool.integration.git.worker-threads}), never on an event loop; the result arrives
 * back on the caller's Vert.x context, so a Hibernate Reactive session can carry on with it.
 */
@ApplicationScoped
public class GitPublisher {

    /** Vert.x warns about a worker task running longer than this; a publish waits for locks and retries. */
    private static final long MAX_EXECUTE_MINUTES = 15;

    private final GitCommitter committer;
    private final WorkerExecutor workers;

    @Inject
    public GitPublisher(Vertx vertx, GitConfig config) {
        this(vertx, new GitCommitter(GitSettings.from(config)), config.workerThreads());
    }

    /** For tests and callers outside CDI. */
    public GitPublisher(Vertx vertx, GitCommitter committer, int workerThreads) {
        this.committer = committer;
        this.workers = vertx.createSharedWorkerExecutor("prdtool-git", Math.max(1, workerThreads),
                MAX_EXECUTE_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * Commits {@code file} to {@code target} (see the package docs). Fails with
     * {@link io.prdtool.integration.delivery.DeliveryException} only. Lazy: nothing happens until subscription.
     */
    public Uni<CommitResult> publish(GitTarget target, GitCredentials credentials, PrdFile file) {
        return workers.executeBlocking(() -> committer.publish(target, credentials, file), false);
    }

    /** Lists the remote's refs ({@link GitCommitter#check}): the branch's tip or null. Lazy. */
    public Uni<String> check(GitTarget target, GitCredentials credentials) {
        return workers.executeBlocking(() -> committer.check(target, credentials), false);
    }

    @PreDestroy
    void close() {
        workers.closeAndForget();
    }
}
