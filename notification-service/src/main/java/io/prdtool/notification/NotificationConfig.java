package io.prdtool.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * notification-service settings ({@code prdtool.notification.*}, env {@code PRDTOOL_NOTIFICATION_...}). Every default
 * works in the local stack; production sets the public URLs, the SMTP server ({@code quarkus.mailer.*}) and the
 * unsubscribe signing keys from the environment. All windows are durations so tests can shrink them to milliseconds.
 */
@ConfigMapping(prefix = "prdtool.notification")
public interface NotificationConfig {

    /** Where links in notifications and emails point. */
    Links links();

    Email email();

    Stream stream();

    Delivery delivery();

    Retention retention();

    Unsubscribe unsubscribe();

    interface Links {

        /** The web app's base URL; a PRD opens at {@code <app>/prds/<id>}. */
        @WithDefault("http://localhost:8081")
        String app();

        /** This service's public base URL (the one-click unsubscribe link points here). */
        @WithDefault("http://localhost:8085")
        String api();

        /** The host part of Message-IDs ({@code <notification-id@host>}) and of the per-PRD thread id. */
        @WithDefault("prdtool.local")
        String messageIdHost();
    }

    /** Email noise control; see the README for how the rules combine. */
    interface Email {

        /** Emails wait this long and are skipped if the in-app notification was read meanwhile. */
        @WithDefault("90s")
        Duration hold();

        /** An edit group (per recipient and PRD) closes after this long without a new edit... */
        @WithDefault("3m")
        Duration groupIdle();

        /** ...or this long after its first edit, whichever comes first. */
        @WithDefault("10m")
        Duration groupMax();

        /** At most one "PRD updated" email per recipient and PRD within this time; later ones are skipped. */
        @WithDefault("6h")
        Duration prdCooldown();

        /** Immediate emails per user within {@link #overflowWindow()}; the rest go into one digest. */
        @WithDefault("4")
        int immediatePerWindow();

        @WithDefault("24h")
        Duration overflowWindow();

        /** The overflow digest goes out this long after the first email held for it. */
        @WithDefault("12h")
        Duration overflowDigestDelay();

        /**
         * How long an email waits for the recipient's address: the notification can be written (recipients come from
         * the membership events) before the user's own event has been consumed. Skipped as {@code no_email} after.
         */
        @WithDefault("15m")
        Duration addressWait();

        /** Sender address. */
        @WithDefault("PRD Tool <notifications@prdtool.local>")
        String from();
    }

    interface Stream {

        /** A comment line on every open stream this often keeps proxies from closing it. */
        @WithDefault("25s")
        Duration heartbeat();

        /** How long a stream ticket ({@code POST /api/v1/notifications/stream-ticket}) may be redeemed. */
        @WithDefault("60s")
        Duration ticketLifetime();
    }

    interface Delivery {

        /** How often the runner claims due emails and digests. */
        @WithDefault("15s")
        String every();

        /** Rows claimed per run and instance. */
        @WithDefault("50")
        int batchSize();

        /** A claimed row that was neither sent nor failed within this time is claimed again (instance died). */
        @WithDefault("2m")
        Duration lease();

        /** Attempts before a delivery is dead. */
        @WithDefault("6")
        int maxAttempts();

        /** Backoff after the first failure; doubled each time (plus up to 25 % jitter), capped at {@link #maxBackoff()}. */
        @WithDefault("30s")
        Duration backoff();

        @WithDefault("1h")
        Duration maxBackoff();
    }

    interface Retention {

        @WithDefault("1h")
        String every();

        /** Read notifications are deleted after this. */
        @WithDefault("180d")
        Duration read();

        /** Every notification is deleted after this. */
        @WithDefault("365d")
        Duration all();

        /** Delivery log rows (and sent digests) are deleted after this. */
        @WithDefault("90d")
        Duration deliveries();

        /** Rows deleted per statement. */
        @WithDefault("5000")
        int batchSize();
    }

    /** One-click unsubscribe tokens (RFC 8058): HMAC-SHA256, key id in the token for rotation. */
    interface Unsubscribe {

        /** Signing keys by id (any string; at least 32 bytes recommended): {@code PRDTOOL_NOTIFICATION_UNSUBSCRIBE_KEYS_<ID>}. */
        Map<String, String> keys();

        /** The key new tokens are signed with. */
        Optional<String> activeKeyId();

        /** How long an unsubscribe link works. */
        @WithDefault("60d")
        Duration tokenLifetime();
    }
}
