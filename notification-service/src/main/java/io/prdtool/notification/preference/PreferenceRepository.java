package io.prdtool.notification.preference;

import java.time.LocalTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.notification.notification.Channel;
import io.prdtool.notification.notification.NotificationType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Overrides ({@code notification_preferences}) and settings ({@code notification_settings}) per user. */
@ApplicationScoped
public class PreferenceRepository {

    public Uni<Preferences> load(SqlClient c, UUID userId) {
        return c.preparedQuery("SELECT channel, event_type, enabled FROM notification_preferences WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .chain(rows -> {
                    Map<NotificationType, Map<Channel, Boolean>> overrides = new EnumMap<>(NotificationType.class);
                    for (Row r : rows) {
                        var type = NotificationType.parse(r.getString("event_type"));
                        var channel = Channel.parse(r.getString("channel"));
                        if (type.isPresent() && channel.isPresent()) {
                            overrides.computeIfAbsent(type.get(), t -> new HashMap<>())
                                    .put(channel.get(), r.getBoolean("enabled"));
                        }
                    }
                    return settings(c, userId).map(s -> new Preferences(overrides, s));
                });
    }

    public Uni<UserSettings> settings(SqlClient c, UUID userId) {
        return c.preparedQuery("SELECT time_zone, locale, quiet_start, quiet_end, daily_digest_hour"
                + " FROM notification_settings WHERE user_id = $1").execute(Tuple.of(userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return UserSettings.DEFAULT;
                    }
                    Row r = rows.iterator().next();
                    Short hour = r.getShort("daily_digest_hour");
                    return new UserSettings(r.getString("time_zone"), r.getString("locale"),
                            r.getLocalTime("quiet_start"), r.getLocalTime("quiet_end"),
                            hour == null ? null : hour.intValue());
                });
    }

    public Uni<Void> setOverride(SqlClient c, UUID userId, NotificationType type, Channel channel, boolean enabled) {
        return c.preparedQuery("INSERT INTO notification_preferences (user_id, channel, event_type, enabled)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, channel, event_type) DO UPDATE"
                + " SET enabled = excluded.enabled").execute(Tuple.of(userId, channel.wire(), type.wire(), enabled))
                .replaceWithVoid();
    }

    public Uni<Void> saveSettings(SqlClient c, UUID userId, UserSettings s) {
        return c.preparedQuery("INSERT INTO notification_settings (user_id, time_zone, locale, quiet_start, quiet_end,"
                + " daily_digest_hour) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET"
                + " time_zone = excluded.time_zone, locale = excluded.locale, quiet_start = excluded.quiet_start,"
                + " quiet_end = excluded.quiet_end, daily_digest_hour = excluded.daily_digest_hour")
                .execute(Tuple.from(new Object[]{userId, s.timeZone(), s.locale(), s.quietStart(), s.quietEnd(),
                        s.dailyDigestHour() == null ? null : s.dailyDigestHour().shortValue()}))
                .replaceWithVoid();
    }

    static LocalTime time(String s) {
        return s == null ? null : LocalTime.parse(s);
    }
}
