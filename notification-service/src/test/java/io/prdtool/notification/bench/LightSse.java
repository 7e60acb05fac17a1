package io.prdtool.notification.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many SSE streams on one shared java.net.http client (one selector thread plus a small executor, no thread per
 * stream, unlike {@code io.prdtool.testinfra.SseClient} which has a client and a reader thread each). A stream only
 * counts {@code notification} events and remembers when the first one after {@link #mark()} arrived.
 */
final class LightSse implements AutoCloseable {

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "light-sse");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(executor).build();

    /** One open stream. */
    static final class Stream implements Flow.Subscriber<String> {

        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final AtomicInteger events = new AtomicInteger();
        final AtomicLong firstAfterMark = new AtomicLong();
        volatile int eventsAtMark;
        volatile boolean ended;
        private volatile Flow.Subscription subscription;

        void mark() {
            eventsAtMark = events.get();
            firstAfterMark.set(0);
        }

        /** Nanos at which a notification after the mark arrived, 0 if none yet. */
        long arrived() {
            return firstAfterMark.get();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:") && line.substring(6).strip().equals("notification")) {
                long now = System.nanoTime();
                if (events.incrementAndGet() > eventsAtMark) {
                    firstAfterMark.compareAndSet(0, now);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            ended = true;
            status.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            ended = true;
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    Stream open(String url, String token) {
        Stream s = new Stream();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).GET().build();
        client.sendAsync(request, info -> {
            s.status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(s);
        }).whenComplete((r, f) -> {
            if (f != null) {
                s.ended = true;
                s.status.completeExceptionally(f);
            }
        });
        return s;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
