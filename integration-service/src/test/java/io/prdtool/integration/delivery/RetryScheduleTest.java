package io.prdtool.integration.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));

    @RepeatedTest(20)
    void waitsAreJitteredWithinTheScheduleButNeverBelowRetryAfter() {
        assertThat(schedule.after(1, null)).get().satisfies(d -> assertThat(d).isBetween(Duration.ZERO,
                Duration.ofSeconds(5)));
        assertThat(schedule.after(2, Duration.ofMinutes(10))).contains(Duration.ofMinutes(10));
    }

    @Test
    void afterTheLastEntryTheDeliveryIsDead() {
        assertThat(schedule.after(3, null)).isEmpty();
        assertThat(schedule.maxAttempts()).isEqualTo(3);
    }
}
