package io.prdtool.notification.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a notification reaches its recipient: the in-app inbox (and live stream), email, or chat. */
public enum Channel {

    IN_APP, EMAIL, CHAT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> parse(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst();
    }
}
