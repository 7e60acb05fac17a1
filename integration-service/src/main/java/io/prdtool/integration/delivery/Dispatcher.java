package io.prdtool.integration.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.http.GuardedHttp;
import io.prdtool.integration.integration.Integration;
import io.prdtool.integration.integration.IntegrationRepository;
import io.prdtool.shared.events.integration.IntegrationDeliveryDead;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs due deliveries: claims them ({@link DeliveryRepository#claim}: one in flight per target key, enabled
 * integrations with a closed circuit, leased), runs each one's adapter with a per-attempt timeout, concurrently up to
 * {@code prdtool.integration.delivery.concurrency} (so one tenant's slow target holds one slot, not the queue), and
 * records the outcome in one transaction: the attempt row, the delivery's new state, the integration's health, the
 * PRD mapping, and the events ({@link IntegrationDeliveryDead}, {@link IntegrationDisabled}) through the outbox.
 * <ul>
 * <li>delivered: failures and circuit reset;</li>
 * <li>retryable: due again after the retry schedule's (jittered) wait or the target's Retry-After, dead after the
 * schedule (event); a run of them opens the integration's circuit (its deliveries wait a cool-down, then one probe);</li>
 * <li>terminal: failed (event);</li>
 * <li>auth, gone: failed and the integration disabled (event);</li>
 * <li>N failed attempts in a row disable the integration (reason {@code failures}).</li>
 * </ul>
 * Polled every {@code poll-every} and woken whenever deliveries are recorded or an attempt ends.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    static final ActorContext SYSTEM = ActorContext.system("integration-service");

    @Inject
    DeliveryRepository deliveries;

    @Inject
    IntegrationRepository integrations;

    @Inject
    Deliverers deliverers;

    @Inject
    GuardedHttp http;

    @Inject
    Outbox outbox;

    @Inject
    Tx tx;

    @Inject
    IntegrationConfig config;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    io.vertx.core.Vertx vertx;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopping;
    private RetrySchedule schedule;

    RetrySchedule schedule() {
        RetrySchedule s = schedule;
        if (s == null) {
            s = schedule = new RetrySchedule(config.delivery().retrySchedule());
        }
        return s;
    }

    @Scheduled(every = "${prdtool.integration.delivery.poll-every:2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        wake();
        return Uni.createFrom().voidItem();
    }

    /** Looks for due deliveries now (after new ones were recorded, or a slot freed up). */
    public void wake() {
        if (stopping) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        int room = config.delivery().concurrency() - running.get();
        if (room <= 0) {
            claiming.set(false);
            return;
        }
        deliveries.claim(room, config.delivery().lease(), config.delivery().breakerCoolDown())
                .subscribe().with(claimed -> {
                    for (DeliveryRepository.Claimed c : claimed) {
                        running.incrementAndGet();
                        attempt(c).subscribe().with(ok -> done(), f -> {
                            LOG.errorf(f, "Recording the outcome of delivery %s failed; its lease will free it",
                                    c.delivery().id());
                            done();
                        });
                    }
                    claiming.set(false);
                    if (again.getAndSet(false) || claimed.size() == room) {
                        wake();
                    }
                }, f -> {
                    claiming.set(false);
                    LOG.warnf("Claiming deliveries failed: %s", f.getMessage());
                });
    }

    private void done() {
        running.decrementAndGet();
        wake();
    }

    /** Claims nothing more once shutdown begins (running attempts finish or their leases free them). */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private Uni<Void> attempt(DeliveryRepository.Claimed claimed) {
        Delivery d = claimed.delivery();
        return integrations.find(d.integrationId()).chain(found -> {
            Optional<Integration> integration = found.filter(Integration::enabled);
            if (integration.isEmpty()) {
                return deliveries.release(d.id());
            }
            Integration i = integration.get();
            DeliveryContext ctx = new DeliveryContext(d, i, integrations, http);
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            Uni<Delivered> call = deliverers.forAction(d.action())
                    .map(deliverer -> Uni.createFrom().deferred(() -> deliverer.deliver(ctx)))
                    .orElseGet(() -> Uni.createFrom().failure(DeliveryException.terminal("no adapter delivers "
                            + d.action())));
            Duration timeout = config.delivery().attemptTimeout();
            return call.ifNoItem().after(timeout).failWith(TimeoutException::new)
                    .onItemOrFailure().transformToUni((result, failure) -> {
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        if (failure == null) {
                            return succeeded(i, d, ctx, result == null
                                    ? new Delivered(null, null, null, null, null)
                                    : result, started, ms);
                        }
                        DeliveryException e = classify(failure, timeout);
                        return failed(i, d, ctx, e, started, ms);
                    });
        });
    }

    static DeliveryException classify(Throwable failure, Duration timeout) {
        if (failure instanceof DeliveryException de) {
            return de;
        }
        if (failure instanceof TimeoutException) {
            return DeliveryException.retryable("no answer within " + timeout.toMillis() + " ms", null);
        }
        // a bug or an unexpected library failure: retried (and visible in the attempt log), never silently dropped
        return DeliveryException.retryable("unexpected failure: " + failure.getClass().getSimpleName(), null);
    }

    private Uni<Void> succeeded(Integration i, Delivery d, DeliveryContext ctx, Delivered result, Instant started,
            long ms) {
        Integer status = result.status() != null ? result.status() : ctx.lastStatus();
        String mappingType = deliverers.mappingType(d.action());
        metrics.attempt(i.type().wire(), d.action(), "delivered", ms);
        metrics.ended(i.type().wire(), d.action(), Delivery.DELIVERED);
        return tx.writeWithConnectionAs(SYSTEM, d.organizationId(), c -> deliveries.insertAttempt(c, d.id(),
                d.attempts(), started, ms, "delivered", status, null, null, ctx.requestExcerpt(),
                ctx.responseExcerpt())
                .chain(() -> deliveries.delivered(c, d, new Delivered(status, result.externalId(),
                        result.externalUrl(), result.version(), result.contentHash())))
                .chain(() -> c.preparedQuery("UPDATE integrations SET consecutive_failures = 0, retryable_streak = 0,"
                        + " circuit_state = 'closed', circuit_retry_at = NULL, last_success_at = now()"
                        + " WHERE id = $1 AND (consecutive_failures <> 0 OR retryable_streak <> 0"
                        + " OR circuit_state <> 'closed' OR last_success_at IS NULL"
                        + " OR last_success_at < now() - interval '1 minute')").execute(Tuple.of(i.id())))
                .chain(() -> mappingType == null || d.prdId() == null
                        ? Uni.createFrom().voidItem()
                        : deliveries.mapping(c, d, mappingType, "synced", result, null))
                .chain(() -> outbox.append(c, result.events()))
                .chain(() -> i.type().chat()
                        ? deliveries.pace(c, d.targetKey(), config.delivery().chatPace())
                        : Uni.createFrom().voidItem()))
                .invoke(() -> {
                    if (i.type().chat()) {
                        wakeAfter(config.delivery().chatPace());
                    }
                });
    }

    private Uni<Void> failed(Integration i, Delivery d, DeliveryContext ctx, DeliveryException e, Instant started,
            long ms) {
        String outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
        Integer status = e.status() != null ? e.status() : ctx.lastStatus();
        String error = ctx.redact(e.getMessage());
        String response = ctx.responseExcerpt() != null ? ctx.responseExcerpt() : ctx.redact(e.responseExcerpt());
        metrics.attempt(i.type().wire(), d.action(), outcome, ms);
        String mappingType = deliverers.mappingType(d.action());
        boolean retryable = e.kind() == DeliveryException.Kind.RETRYABLE;
        Optional<Duration> wait = retryable
                ? schedule().after(d.attempts() - d.scheduleOffset(), e.retryAfter())
                : Optional.empty();
        String end = retryable ? (wait.isPresent() ? null : Delivery.DEAD) : Delivery.FAILED;
        if (end != null) {
            metrics.ended(i.type().wire(), d.action(), end);
        }
        return tx.writeWithConnectionAs(SYSTEM, d.organizationId(), c -> deliveries.insertAttempt(c, d.id(),
                d.attempts(), started, ms, outcome, status, e.getClass().getSimpleName() + "." + e.kind(), error,
                ctx.requestExcerpt(), response)
                .chain(() -> end == null
                        ? deliveries.retryAt(c, d, Instant.now().plus(wait.get()), status, error)
                        : deliveries.end(c, d, end, status, error))
                .chain(() -> mappingType == null || d.prdId() == null
                        ? Uni.createFrom().voidItem()
                        : deliveries.mapping(c, d, mappingType, end == null ? "pending" : "failed", null, error))
                .chain(() -> end != null && !e.kind().disables()
                        ? outbox.append(c, new IntegrationDeliveryDead(d.id(), i.id(), i.organizationId(),
                                i.type().wire(), d.action(), d.prdId(), d.attempts(), status, error, Instant.now()))
                        : Uni.createFrom().voidItem())
                .chain(() -> health(c, i, retryable, error))
                .chain(failures -> {
                    if (e.kind().disables()) {
                        return disable(c, i, e.kind() == DeliveryException.Kind.AUTH ? "auth" : "gone", error,
                                failures);
                    }
                    if (failures >= config.delivery().maxConsecutiveFailures()) {
                        return disable(c, i, "failures", error, failures);
                    }
                    return Uni.createFrom().voidItem();
                }))
                .invoke(() -> wait.ifPresent(this::wakeAfter));
    }

    /** A retry due soon is claimed when due, not at the next poll. */
    private void wakeAfter(Duration wait) {
        if (wait.compareTo(Duration.ofMinutes(1)) < 0 && !stopping) {
            vertx.setTimer(Math.max(1, wait.toMillis() + 5), id -> wake());
        }
    }

    /** Counts the failure; opens the circuit after a run of retryable ones. Emits the failures in a row. */
    private Uni<Integer> health(SqlConnection c, Integration i, boolean retryable, String error) {
        return c.preparedQuery("UPDATE integrations SET consecutive_failures = consecutive_failures + 1,"
                + " retryable_streak = CASE WHEN $2 THEN retryable_streak + 1 ELSE 0 END, last_error = $3,"
                + " circuit_state = CASE WHEN NOT $2 THEN 'closed'"
                + "   WHEN retryable_streak + 1 >= $4 OR circuit_state = 'half_open' THEN 'open' ELSE circuit_state END,"
                + " circuit_retry_at = CASE WHEN NOT $2 THEN NULL"
                + "   WHEN retryable_streak + 1 >= $4 OR circuit_state = 'half_open'"
                + "   THEN now() + make_interval(secs => $5) ELSE circuit_retry_at END"
                + " WHERE id = $1 RETURNING consecutive_failures")
                .execute(Tuple.of(i.id(), retryable, DeliveryRepository.truncate(error, 500),
                        config.delivery().breakerThreshold(),
                        (double) config.delivery().breakerCoolDown().toMillis() / 1000.0))
                .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger("consecutive_failures"));
    }

    private Uni<Void> disable(SqlConnection c, Integration i, String reason, String error, int failures) {
        return integrations.disable(c, i.id(), reason, error, null).chain(disabled -> disabled.isEmpty()
                ? Uni.createFrom().voidItem()
                : outbox.append(c, new IntegrationDisabled(i.id(), i.organizationId(), i.type().wire(), i.name(),
                        reason, error, failures, Instant.now(), null)))
                .invoke(() -> LOG.infof("Integration %s (%s) disabled: %s", i.id(), i.type().wire(), reason));
    }

    /** Runs a connection test: the same context and redaction as a delivery, nothing recorded. */
    public Uni<ConnectionTest> test(Integration integration, Deliverer tester) {
        Delivery probe = new Delivery(UUID.randomUUID(), integration.id(), integration.organizationId(),
                integration.type().wire() + ".test", "test:" + integration.id(), null, null, null,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("test", true),
                "test:" + UUID.randomUUID(), Delivery.IN_FLIGHT, 1, 0, Instant.now(), null, null, null, null, null,
                Instant.now(), Instant.now(), null);
        DeliveryContext ctx = new DeliveryContext(probe, integration, integrations, http);
        long t0 = System.nanoTime();
        Duration timeout = config.delivery().attemptTimeout();
        return Uni.createFrom().deferred(() -> tester.testConnection(ctx))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItemOrFailure().transform((ok, failure) -> {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (failure == null) {
                        return new ConnectionTest(true, ok == null || ok.status() == null
                                ? ctx.lastStatus()
                                : ok.status(), "the target accepted the test", null, ms);
                    }
                    DeliveryException e = classify(failure, timeout);
                    return new ConnectionTest(false, e.status() != null ? e.status() : ctx.lastStatus(),
                            ctx.redact(e.getMessage()), e.kind().name().toLowerCase(java.util.Locale.ROOT), ms);
                });
    }

    /** The outcome of a connection test ({@code failure}: retryable, terminal, auth or gone). */
    public record ConnectionTest(boolean ok, Integer status, String detail, String failure, long durationMs) {
    }
}
