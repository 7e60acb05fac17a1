package io.prdtool.notification.preference;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A user's delivery settings: time zone and locale, quiet hours (local wall-clock times; start after end spans
 * midnight) and the local hour of the optional daily email digest.
 */
public record UserSettings(String timeZone, String locale, LocalTime quietStart, LocalTime quietEnd,
        Integer dailyDigestHour) {

    public static final UserSettings DEFAULT = new UserSettings("UTC", "en", null, null, null);

    public ZoneId zone() {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            return ZoneId.of("UTC");
        }
    }

    /** The end of the quiet hours {@code now} falls in, or null when {@code now} is not in quiet hours. */
    public Instant quietUntil(Instant now) {
        if (quietStart == null || quietEnd == null || quietStart.equals(quietEnd)) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone());
        LocalTime t = local.toLocalTime();
        boolean spansMidnight = quietStart.isAfter(quietEnd);
        boolean inside = spansMidnight
                ? !t.isBefore(quietStart) || t.isBefore(quietEnd)
                : !t.isBefore(quietStart) && t.isBefore(quietEnd);
        if (!inside) {
            return null;
        }
        ZonedDateTime end = local.with(quietEnd);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }

    /** The next time the daily digest is due after {@code now}, or null without a daily digest. */
    public Instant nextDailyDigest(Instant now) {
        if (dailyDigestHour == null) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone());
        ZonedDateTime at = local.withHour(dailyDigestHour).withMinute(0).withSecond(0).withNano(0);
        if (!at.isAfter(local)) {
            at = at.plusDays(1);
        }
        return at.toInstant();
    }
}
