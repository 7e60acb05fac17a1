package io.prdtool.notification.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A notification as its recipient sees it. {@code seq} orders notifications and is the SSE event id. */
@RegisterForReflection
@Schema(name = "Notification")
public record NotificationView(UUID id, long seq, String type, String title, String body, String link,
        UUID organizationId, UUID prdId, String prdTitle, UUID actorId, Map<String, Object> data, boolean read,
        Instant readAt, boolean archived, Instant createdAt, Instant updatedAt) {
}
