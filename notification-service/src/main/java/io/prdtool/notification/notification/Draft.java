package io.prdtool.notification.notification;

import java.util.UUID;
import java.util.function.Function;

import io.vertx.core.json.JsonObject;

/**
 * A notification to create for one recipient, before their preferences and language are known: {@code text} renders
 * its title and body in the recipient's language.
 */
public record Draft(UUID recipientId, UUID organizationId, NotificationType type, UUID prdId, String prdTitle,
        UUID actorId, String actorName, UUID sourceEventId, String link, JsonObject data,
        Function<Messages, Text> text) {

    /** A rendered title and (optional) body. */
    public record Text(String title, String body) {
    }
}
