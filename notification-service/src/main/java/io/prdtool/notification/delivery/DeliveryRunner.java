package io.prdtool.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.email.EmailComposer;
import io.prdtool.notification.notification.Channel;
import io.prdtool.notification.notification.NotificationType;
import io.prdtool.notification.preference.PreferenceRepository;
import io.prdtool.notification.preference.Preferences;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Sends due emails and digests. Each run claims what is due ({@code FOR UPDATE SKIP LOCKED}, so instances share the
 * work and never send the same email twice at once) and decides per email, in this order:
 * <ol>
 * <li>read or archived in-app meanwhile, no longer visible (left the organization, PRD deleted), or email switched
 * off since → skipped; no address yet → retried for {@code address-wait} (the user's event may still be on its way),
 * then skipped;</li>
 * <li>its edit group still open → wait for the group to close;</li>
 * <li>in the recipient's quiet hours (non-critical) → wait for their end;</li>
 * <li>a daily digest chosen (non-critical) → held for it;</li>
 * <li>a "PRD updated" email about the same PRD within the cooldown → skipped;</li>
 * <li>{@code immediate-per-window} immediate emails already sent within the window (non-critical) → held for one
 * overflow digest, sent {@code overflow-digest-delay} after the first email held for it;</li>
 * <li>otherwise sent; a failure is retried with exponential backoff and jitter, and dead after
 * {@code max-attempts}.</li>
 * </ol>
 */
@ApplicationScoped
public class DeliveryRunner {

    private static final Logger LOG = Logger.getLogger(DeliveryRunner.class);

    @Inject
    DeliveryRepository deliveries;

    @Inject
    PreferenceRepository preferences;

    @Inject
    EmailComposer composer;

    @Inject
    ReactiveMailer mailer;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    NotificationConfig config;

    @Inject
    Pool pool;

    /** Most full batches one scheduled run works through before leaving the rest to the next run. */
    static final int MAX_BATCHES_PER_RUN = 20;

    @Scheduled(every = "${prdtool.notification.delivery.every}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return drain(MAX_BATCHES_PER_RUN).onFailure().invoke(f -> LOG.warnf("Delivery run failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Batches until one is not full (a backlog goes out at the sender's pace, not one batch per interval). */
    private Uni<Void> drain(int batchesLeft) {
        return runBatch().chain(full -> full && batchesLeft > 1
                ? drain(batchesLeft - 1)
                : Uni.createFrom().voidItem());
    }

    /** One pass over what is due now (also called by tests). */
    public Uni<Void> runOnce() {
        return runBatch().replaceWithVoid();
    }

    /** One batch of due emails and of due digests; true when either batch was full (more may be due). */
    private Uni<Boolean> runBatch() {
        int batch = config.delivery().batchSize();
        return deliveries.claimEmails(batch)
                .chain(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::decide)
                        .collect().last().replaceWith(due.size() >= batch))
                .chain(emailsFull -> deliveries.claimDigests(batch)
                        .chain(due -> Multi.createFrom().iterable(due).onItem()
                                .transformToUniAndConcatenate(this::sendDigest).collect().last()
                                .replaceWith(emailsFull || due.size() >= batch)));
    }

    private Uni<Void> decide(DeliveryRepository.Due d) {
        NotificationType type = NotificationType.parse(d.type()).orElse(null);
        if (type == null) {
            return skip(d, "preference");
        }
        if (d.read()) {
            return skip(d, "read");
        }
        if (!d.visible()) {
            return skip(d, "access");
        }
        Instant now = Instant.now();
        if (d.email() == null || d.email().isBlank()) {
            // the user's event may not have been consumed yet (another topic than the one that notified them)
            return d.createdAt().plus(config.email().addressWait()).isAfter(now)
                    ? deliveries.postpone(d.notificationId(), now.plus(config.delivery().backoff()))
                    : skip(d, "no_email");
        }
        if (d.groupClosesAt() != null && d.groupClosesAt().isAfter(now)) {
            return deliveries.postpone(d.notificationId(), d.groupClosesAt());
        }
        return preferences.load(pool, d.recipientId()).chain(p -> decide(d, type, p, now));
    }

    private Uni<Void> decide(DeliveryRepository.Due d, NotificationType type, Preferences p, Instant now) {
        if (!p.enabled(type, Channel.EMAIL)) {
            return skip(d, "preference");
        }
        if (!type.critical()) {
            Instant quietUntil = p.settings().quietUntil(now);
            if (quietUntil != null) {
                return deliveries.postpone(d.notificationId(), quietUntil);
            }
            Instant daily = p.settings().nextDailyDigest(now);
            if (daily != null) {
                return hold(d, "daily", daily);
            }
        }
        Uni<Boolean> cooling = type.noisy() && d.prdId() != null
                ? deliveries.inCooldown(d.recipientId(), d.prdId(), d.type())
                : Uni.createFrom().item(false);
        return cooling.chain(cool -> {
            if (cool) {
                return skip(d, "cooldown");
            }
            if (type.critical()) {
                return send(d, type, p);
            }
            return deliveries.immediateEmailsSent(d.recipientId()).chain(sent -> sent >= config.email()
                    .immediatePerWindow()
                            ? hold(d, "overflow", now.plus(config.email().overflowDigestDelay()))
                            : send(d, type, p));
        });
    }

    private Uni<Void> send(DeliveryRepository.Due d, NotificationType type, Preferences p) {
        Mail mail = composer.notification(new EmailComposer.Notice(d.notificationId(), d.recipientId(), d.email(),
                p.settings().locale(), type, d.title(), d.body(), d.link(), d.prdId(), d.prdTitle()));
        String messageId = composer.messageId(d.notificationId());
        return mailer.send(mail)
                .chain(() -> deliveries.sent(d.notificationId(), messageId)
                        .invoke(() -> metrics.delivery("email", "sent")))
                .onFailure().recoverWithUni(f -> {
                    int attempt = d.attempts() + 1;
                    boolean dead = attempt >= config.delivery().maxAttempts();
                    metrics.delivery("email", dead ? "dead" : "failed");
                    LOG.infof("Email %s failed (attempt %d%s): %s", d.notificationId(), attempt,
                            dead ? ", dead" : "", f.getMessage());
                    return deliveries.failed(d.notificationId(), String.valueOf(f.getMessage()), dead
                            ? null
                            : Instant.now().plus(Backoff.after(attempt, config.delivery().backoff(),
                                    config.delivery().maxBackoff())));
                });
    }

    private Uni<Void> sendDigest(DeliveryRepository.DueDigest g) {
        return deliveries.held(g.id()).chain(held -> {
            List<UUID> all = held.stream().map(DeliveryRepository.Held::notificationId).toList();
            List<EmailComposer.DigestItem> items = held.stream().filter(h -> !h.readOrGone())
                    .map(h -> new EmailComposer.DigestItem(h.title(), h.link(), h.prdTitle())).toList();
            if (items.isEmpty() || g.email() == null) {
                metrics.digest(g.kind(), "skipped");
                return deliveries.digestDone(g.id(), "skipped", null, all);
            }
            return preferences.settings(pool, g.recipientId()).chain(s -> {
                Mail mail = composer.digest(g.id(), g.recipientId(), g.email(), s.locale(), items);
                String messageId = mail.getHeaders().get("Message-ID").get(0);
                return mailer.send(mail)
                        .chain(() -> deliveries.digestDone(g.id(), "sent", messageId, all)
                                .invoke(() -> metrics.digest(g.kind(), "sent")))
                        .onFailure().recoverWithUni(f -> {
                            int attempt = g.attempts() + 1;
                            boolean dead = attempt >= config.delivery().maxAttempts();
                            metrics.digest(g.kind(), dead ? "dead" : "failed");
                            return deliveries.digestFailed(g.id(), String.valueOf(f.getMessage()), dead
                                    ? null
                                    : Instant.now().plus(Backoff.after(attempt, config.delivery().backoff(),
                                            config.delivery().maxBackoff())));
                        });
            });
        });
    }

    private Uni<Void> skip(DeliveryRepository.Due d, String reason) {
        metrics.delivery("email", "skipped");
        return deliveries.skip(d.notificationId(), reason);
    }

    private Uni<Void> hold(DeliveryRepository.Due d, String kind, Instant dueIfNew) {
        metrics.delivery("email", "held");
        return deliveries.holdForDigest(d.notificationId(), d.recipientId(), kind, dueIfNew);
    }
}
