package io.prdtool.shared.events.notification;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/** Notifications, published by notification-service on {@link Topics#NOTIFICATION}, keyed by notification id. */
public sealed interface NotificationEvent extends DomainEvent permits NotificationCreated {

    UUID notificationId();

    @Override
    default UUID aggregateId() {
        return notificationId();
    }

    @Override
    default String topic() {
        return Topics.NOTIFICATION;
    }

    @Override
    default String aggregateType() {
        return "notification";
    }
}
