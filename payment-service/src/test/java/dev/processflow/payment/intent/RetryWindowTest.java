package dev.processflow.payment.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryWindowTest {

    private static final Instant SINCE = Instant.parse("2026-01-02T10:00:00Z");

    private final RetryWindow window = new RetryWindow(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(48));

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(window.next(1, SINCE, SINCE)).contains(SINCE.plusSeconds(1));
        assertThat(window.next(4, SINCE, SINCE)).contains(SINCE.plusSeconds(8));
        assertThat(window.next(12, SINCE, SINCE)).contains(SINCE.plus(Duration.ofMinutes(5)));
    }

    /** An outage of hours is waited out; only beyond the window is the intent given up. */
    @Test
    void keepsTryingForTheWholeWindowThenGivesUp() {
        Instant afterFortySevenHours = SINCE.plus(Duration.ofHours(47));
        assertThat(window.next(500, SINCE, afterFortySevenHours)).contains(afterFortySevenHours.plus(Duration.ofMinutes(5)));
        Instant nearTheEnd = SINCE.plus(Duration.ofHours(48)).minusSeconds(60);
        assertThat(window.next(600, SINCE, nearTheEnd)).isEmpty();
        assertThat(window.next(600, nearTheEnd, nearTheEnd)).isPresent();
    }
}
