package io.prdtool.notification.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class UserSettingsTest {

    private static final UserSettings NIGHT_IN_BERLIN = new UserSettings("Europe/Berlin", "en", LocalTime.of(22, 0),
            LocalTime.of(7, 0), 8);

    @Test
    void quietHoursSpanMidnightInTheUsersZone() {
        // 23:30 in Berlin (winter, UTC+1) is 22:30 UTC
        assertThat(NIGHT_IN_BERLIN.quietUntil(Instant.parse("2026-12-07T22:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));
        assertThat(NIGHT_IN_BERLIN.quietUntil(Instant.parse("2026-12-08T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));
        assertThat(NIGHT_IN_BERLIN.quietUntil(Instant.parse("2026-12-08T12:00:00Z"))).isNull();
        assertThat(UserSettings.DEFAULT.quietUntil(Instant.now())).isNull();
    }

    @Test
    void theDailyDigestIsDueAtTheNextLocalHour() {
        assertThat(NIGHT_IN_BERLIN.nextDailyDigest(Instant.parse("2026-12-08T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T07:00:00Z"));
        assertThat(NIGHT_IN_BERLIN.nextDailyDigest(Instant.parse("2026-12-08T07:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-09T07:00:00Z"));
        assertThat(UserSettings.DEFAULT.nextDailyDigest(Instant.now())).isNull();
    }
}
