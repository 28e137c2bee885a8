package dev.processflow.payment.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.Money;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's claims: one per batch of due work, not one per finished call. The poll interval is long, so any
 * claim beyond the first came from a wake-up.
 */
class IntentRunnerTest {

    private static final Duration POLL = Duration.ofSeconds(30);

    private final IntentSignal signal = new IntentSignal();
    private final DueIntents intents = new DueIntents(signal);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private IntentRunner runner;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        runner.stop(null);
    }

    @Test
    void finishedCallsDoNotWakeTheDispatcherWhenNothingElseWasDue() throws InterruptedException {
        intents.due(3);
        start(4, false);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 3);
        Thread.sleep(500);
        assertThat(intents.claims.get()).as("claims: the one that found all three, none after their calls").isEqualTo(1);
    }

    @Test
    void aFreedSlotWakesTheDispatcherWhenTheClaimWasBoundBySlots() {
        intents.due(3);
        start(2, true);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
        assertThat(calls.get()).as("two slots, two calls running").isEqualTo(2);
        release.countDown();
        await("the third intent claimed once a slot was free, long before the poll").atMost(Duration.ofSeconds(5))
                .until(() -> calls.get() == 3);
    }

    private void start(int concurrency, boolean holdCalls) {
        IntentExecutor executor = new IntentExecutor(null, null, null, null, null, null) {
            @Override
            public void execute(ClaimedIntent intent) {
                calls.incrementAndGet();
                if (holdCalls) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        runner = new IntentRunner(intents, executor, signal, concurrency, POLL, Duration.ofMinutes(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        runner.start(null);
    }

    /**
     * Hands out the intents made due, at most the claim's limit each time, and counts the claims. Vetoed: the tests'
     * Quarkus applications index this class too, and it must not stand beside the real {@link Intents}.
     */
    @Vetoed
    private static final class DueIntents extends Intents {

        private final Deque<ClaimedIntent> due = new ConcurrentLinkedDeque<>();
        private final AtomicInteger claims = new AtomicInteger();

        DueIntents(IntentSignal signal) {
            super(null, null, signal);
        }

        void due(int count) {
            for (int i = 0; i < count; i++) {
                UUID orderId = UUID.randomUUID();
                due.add(new ClaimedIntent(PaymentIntent.idOf(orderId, IntentAction.AUTHORIZE), orderId,
                        IntentAction.AUTHORIZE, 1, false, "tok_visa", new Money(100, "EUR"), null, Instant.now(),
                        Optional.empty()));
            }
        }

        @Override
        public List<ClaimedIntent> claimDue(Instant now, int limit, Duration lease) {
            claims.incrementAndGet();
            List<ClaimedIntent> claimed = new ArrayList<>();
            while (claimed.size() < limit && !due.isEmpty()) {
                claimed.add(due.poll());
            }
            return claimed;
        }
    }
}
