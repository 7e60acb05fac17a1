package io.prdtool.notification.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a notification is about, with its default per channel. Users override a default per type and channel
 * ({@code notification_preferences}); critical types cannot be switched off in-app or by email, break through quiet
 * hours and never wait for a digest.
 * <p>
 * The defaults matrix (documented in the README):
 *
 * <pre>
 * type                       in_app  email  chat   critical  watch-based
 * approval_requested         on      on     on     yes       no
 * prd_approved               on      on     off    no        yes (owner directly)
 * approval_invalidated       on      on     off    no        yes (owner, previous approver directly)
 * status_changed             on      off    off    no        yes
 * version_created            on      off    off    no        yes
 * prd_updated                on      on     off    no        yes (grouped, cooldown, digest)
 * mention                    on      on     on     no        no
 * integration_disabled       on      on     off    yes       no
 * integration_delivery_dead  on      off    off    no        no
 * ai_budget_threshold        on      on     off    no        no
 * </pre>
 */
public enum NotificationType {

    APPROVAL_REQUESTED(true, true, true, true), PRD_APPROVED(true, true, false, false), APPROVAL_INVALIDATED(true, true,
            false, false), STATUS_CHANGED(true, false, false, false), VERSION_CREATED(true, false, false,
                    false), PRD_UPDATED(true, true, false, false), MENTION(true, true, true,
                            false), INTEGRATION_DISABLED(true, true, false, true), INTEGRATION_DELIVERY_DEAD(true,
                                    false, false, false), AI_BUDGET_THRESHOLD(true, true, false, false);

    private final boolean inApp;
    private final boolean email;
    private final boolean chat;
    private final boolean critical;

    NotificationType(boolean inApp, boolean email, boolean chat, boolean critical) {
        this.inApp = inApp;
        this.email = email;
        this.chat = chat;
        this.critical = critical;
    }

    /** The wire name ({@code approval_requested}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotificationType> parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
    }

    /** Critical types cannot be switched off in-app or by email, ignore quiet hours and digests. */
    public boolean critical() {
        return critical;
    }

    /** Whether the channel is on for this type when the user has not said otherwise. */
    public boolean defaultFor(Channel channel) {
        return switch (channel) {
            case IN_APP -> inApp;
            case EMAIL -> email;
            case CHAT -> chat;
        };
    }

    /** Whether a user may switch the channel off for this type. */
    public boolean locked(Channel channel) {
        return critical && channel != Channel.CHAT;
    }

    /** Noisy types whose emails are grouped, cooled down and rate-limited into a digest. */
    public boolean noisy() {
        return this == PRD_UPDATED;
    }
}
