package dev.processflow.payment.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.payment.intent.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");

    @Test
    void delaysDoubleAfterEachAttemptUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThat(policy.nextAttempt(1, NOW)).contains(NOW.plusSeconds(1));
        assertThat(policy.nextAttempt(2, NOW)).contains(NOW.plusSeconds(2));
        assertThat(policy.nextAttempt(3, NOW)).contains(NOW.plusSeconds(4));
        assertThat(policy.nextAttempt(4, NOW)).contains(NOW.plusSeconds(5));
        assertThat(policy.nextAttempt(9, NOW)).contains(NOW.plusSeconds(5));
    }

    @Test
    void noAttemptAfterTheLast() {
        RetryPolicy policy = new RetryPolicy(3, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)));
        assertThat(policy.nextAttempt(2, NOW)).contains(NOW.plusMillis(400));
        assertThat(policy.nextAttempt(3, NOW)).isEmpty();
        assertThat(policy.nextAttempt(4, NOW)).isEmpty();
        assertThat(new RetryPolicy(1, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))).nextAttempt(1, NOW))
                .isEmpty();
    }

    @Test
    void hugeAttemptCountsDoNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10));
        assertThat(new RetryPolicy(Integer.MAX_VALUE, backoff).nextAttempt(1_000, NOW)).contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
