package io.prdtool.shared.outbox;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs this instance's {@link OutboxRelay} on a dedicated thread: publish batches back to back while there is a
 * backlog, wait for a commit signal or the poll interval when idle, back off exponentially while the broker is away.
 * Also deletes published outbox rows and old inbox ids after their retention.
 */
@ApplicationScoped
public class OutboxRelayRunner {

    private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);

    @Inject
    Pool pool;

    @Inject
    OutboxConfig config;

    @Inject
    OutboxSignal signal;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "prdtool.service.name")
    String service;

    private final AtomicBoolean running = new AtomicBoolean();
    private final ReentrantLock batch = new ReentrantLock();
    private volatile boolean paused;
    private ExecutorService loop;
    private ExecutorService sender;
    private volatile KafkaProducer<String, byte[]> producer;
    private Counter published;
    private Counter failures;

    void start(@Observes StartupEvent ev) {
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        published = registry.counter("prdtool.outbox.published");
        failures = registry.counter("prdtool.outbox.failures");
        sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-send"));
        loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
        running.set(true);
        loop.submit(this::run);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (!running.getAndSet(false)) {
            return;
        }
        signal.wake();
        loop.shutdown();
        try {
            loop.awaitTermination(config.relay().sendTimeout().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdown();
        closeProducer();
    }

    private void run() {
        Duration backoff = config.relay().backoff();
        long budget = config.relay().sendTimeout().toMillis() + 30_000;
        while (running.get()) {
            batch.lock();
            try {
                if (paused) {
                    batch.unlock();
                    signal.await(config.relay().pollInterval().toMillis());
                    continue;
                }
                int sent = relay().publishBatch().await().atMost(Duration.ofMillis(budget));
                published.increment(sent);
                backoff = config.relay().backoff();
                if (sent < config.relay().batchSize()) {
                    signal.await(config.relay().pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                failures.increment();
                recordFailure(e);
                LOG.warnf("Outbox relay batch failed (retrying in %s): %s", backoff, e.getMessage());
                if (isBrokerFailure(e)) {
                    // a producer whose batches expired may keep failing; start from a fresh one
                    closeProducer();
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(config.relay().maxBackoff()) > 0) {
                    backoff = config.relay().maxBackoff();
                }
            } finally {
                if (batch.isHeldByCurrentThread()) {
                    batch.unlock();
                }
            }
        }
    }

    /**
     * Stops this instance's relay after its current batch (returns once that batch is done) until {@link #resume()};
     * for maintenance, and for tests that drive relays themselves.
     */
    public void pause() {
        paused = true;
        batch.lock();
        batch.unlock();
    }

    public void resume() {
        paused = false;
        signal.wake();
    }

    private static boolean isBrokerFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return false;
    }

    /** Notes the failure on the oldest waiting rows, for operators looking at the outbox; best effort. */
    private void recordFailure(Throwable failure) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        pool.preparedQuery(OutboxRelay.MARK_FAILED).execute(Tuple.of(config.relay().batchSize(), reason))
                .subscribe().with(ignored -> {
                }, ignored -> {
                });
    }

    private OutboxRelay relay() {
        if (producer == null) {
            producer = KafkaProducers.forRelay(bootstrapServers, service + "-outbox-relay",
                    config.relay().sendTimeout());
        }
        return new OutboxRelay(pool, producer, sender, service, config.relay().batchSize(), null,
                config.maxPayloadBytes());
    }

    private void closeProducer() {
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }

    @Scheduled(every = "{prdtool.outbox.cleanup-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cleanup() {
        return pool.preparedQuery("DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.retention().toSeconds()))
                .chain(() -> pool.preparedQuery(
                        "DELETE FROM inbox WHERE processed_at < now() - make_interval(secs => $1)")
                        .execute(Tuple.of((double) config.inboxRetention().toSeconds())))
                .replaceWithVoid();
    }
}
