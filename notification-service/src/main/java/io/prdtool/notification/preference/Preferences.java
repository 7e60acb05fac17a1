package io.prdtool.notification.preference;

import java.util.EnumMap;
import java.util.Map;

import io.prdtool.notification.notification.Channel;
import io.prdtool.notification.notification.NotificationType;

/**
 * A user's effective preferences: their overrides over the defaults in {@link NotificationType}, plus their settings.
 * A stored override that would switch off a locked (critical) channel is ignored.
 */
public record Preferences(Map<NotificationType, Map<Channel, Boolean>> overrides, UserSettings settings) {

    public static final Preferences DEFAULT = new Preferences(Map.of(), UserSettings.DEFAULT);

    public boolean enabled(NotificationType type, Channel channel) {
        if (type.locked(channel)) {
            return true;
        }
        Boolean override = overrides.getOrDefault(type, Map.of()).get(channel);
        return override != null ? override : type.defaultFor(channel);
    }

    /** Whether the value comes from the user rather than the default. */
    public boolean overridden(NotificationType type, Channel channel) {
        return !type.locked(channel) && overrides.getOrDefault(type, Map.of()).containsKey(channel);
    }

    /** The effective matrix type × channel. */
    public Map<NotificationType, Map<Channel, Boolean>> matrix() {
        Map<NotificationType, Map<Channel, Boolean>> m = new EnumMap<>(NotificationType.class);
        for (NotificationType t : NotificationType.values()) {
            Map<Channel, Boolean> row = new EnumMap<>(Channel.class);
            for (Channel ch : Channel.values()) {
                row.put(ch, enabled(t, ch));
            }
            m.put(t, row);
        }
        return m;
    }
}
