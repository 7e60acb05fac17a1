package io.prdtool.collab.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs asynchronous tasks strictly one after the other, in submission order: a task starts when the previous one has
 * completed (successfully or not). Each document has one, so updates to one document never race, while different
 * documents proceed in parallel. Submission is eager: the order is fixed at the call, not at subscription.
 */
public final class SerialQueue {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Queues a task given as a plain completion stage (the per-update path: no reactive stages to decorate). */
    public synchronized <T> CompletableFuture<T> submitStage(Supplier<? extends CompletionStage<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tail = tail.thenCompose(ignored -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                task.get().whenComplete((item, failure) -> {
                    done.complete(null);
                    if (failure == null) {
                        result.complete(item);
                    } else {
                        result.completeExceptionally(failure);
                    }
                });
            } catch (Throwable t) {
                done.complete(null);
                result.completeExceptionally(t);
            }
            return done;
        });
        return result;
    }

    /** Queues a task given as a {@code Uni} (subscribed when its turn comes). */
    public <T> Uni<T> submit(Supplier<Uni<T>> task) {
        return Uni.createFrom().completionStage(submitStage(() -> task.get().subscribeAsCompletionStage()));
    }
}
