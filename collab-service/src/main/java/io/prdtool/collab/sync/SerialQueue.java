package io.prdtool.collab.sync;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs asynchronous tasks strictly one after the other, in submission order: a task starts when the previous one's
 * {@code Uni} has completed (successfully or not). Each document has one, so updates to one document never race, while
 * different documents proceed in parallel. Submission is eager: the order is fixed at the call, not at subscription.
 */
public final class SerialQueue {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public synchronized <T> Uni<T> submit(Supplier<Uni<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tail = tail.thenCompose(ignored -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                task.get().subscribe().with(item -> {
                    done.complete(null);
                    result.complete(item);
                }, failure -> {
                    done.complete(null);
                    result.completeExceptionally(failure);
                });
            } catch (Throwable t) {
                done.complete(null);
                result.completeExceptionally(t);
            }
            return done;
        });
        return Uni.createFrom().completionStage(result);
    }
}
