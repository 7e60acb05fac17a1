package io.prdtool.shared.events.notification;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user got a notification (one per recipient, source event and type). {@code type} is the notification type (e.g.
 * {@code approval_requested}, {@code prd_approved}, {@code mention}); {@code title} and {@code body} are short plain
 * text in the recipient's language; {@code link} opens the PRD. {@code sourceEventId} is the ce_id of the event that
 * caused it.
 * <p>
 * Chat delivery: {@code chat} is true when the recipient chose the chat channel for this type; integration-service then
 * delivers it to the organization's chat integrations that accept personal notifications (a direct message to the user
 * found by {@code recipientEmail}), not before {@code chatNotBefore} (set during the recipient's quiet hours, else
 * null).
 */
@RegisterForReflection
public record NotificationCreated(UUID notificationId, UUID organizationId, UUID recipientId, String recipientEmail,
        String recipientName, String type, UUID prdId, String prdTitle, String title, String body, String link,
        UUID actorId, UUID sourceEventId, boolean chat, Instant chatNotBefore, Instant createdAt)
        implements
            NotificationEvent {
}
