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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's claims: one per batch of due work, not one per finished call, on the call slots an opening
 * transaction has not reserved. The poll interval is long, so any claim beyond the first came from a wake-up.
 */
class IntentRunnerTest {

    private static final Duration POLL = Duration.ofSeconds(30);

    private final IntentSignal signal = new IntentSignal();
    private final DueIntents intents = new DueIntents(signal);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private CallSlots slots;
    private IntentRunner runner;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        runner.stop(null);
        slots.stop(null);
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

    @Test
    void aSlotReservedByAnOpeningTransactionIsNotOfferedToTheDispatcher() {
        start(2, true);
        awaitFirstClaimOver();
        assertThat(slots.reserve(Instant.now())).isPresent();
        intents.due(3);
        signal.wakeUp();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
        assertThat(intents.limits.get(intents.limits.size() - 1)).as("the claim's limit: the one slot left")
                .isEqualTo(1);
        assertThat(slots.reserve(Instant.now())).as("no slot left to reserve").isEmpty();
        slots.startReserved(intents.claimedAtOpen());
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
        assertThat(slots.idle()).isFalse();
        release.countDown();
        await("the other two due intents once the calls ended").atMost(Duration.ofSeconds(5))
                .until(() -> calls.get() == 4);
        await().atMost(Duration.ofSeconds(5)).until(slots::idle);
    }

    @Test
    void aReleasedReservationGivesItsSlotBackAndCallsNothing() {
        start(1, false);
        awaitFirstClaimOver();
        assertThat(slots.reserve(Instant.now())).isPresent();
        assertThat(slots.idle()).as("a reserved slot counts as busy until its transaction ends").isFalse();
        assertThat(slots.reserve(Instant.now())).isEmpty();

        slots.releaseReserved();

        assertThat(slots.idle()).isTrue();
        assertThat(slots.reserve(Instant.now())).isPresent();
        slots.releaseReserved();
        assertThat(calls.get()).isZero();
    }

    @Test
    void aReservationsLeaseStartsWhenItIsTaken() {
        start(1, false);
        awaitFirstClaimOver();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(slots.reserve(now)).contains(now.plus(Duration.ofMinutes(2)));
        slots.releaseReserved();
    }

    private void start(int concurrency, boolean holdCalls) {
        IntentExecutor executor = new IntentExecutor(null, null, null, null, null) {
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
        slots = new CallSlots(executor, signal, concurrency, Duration.ofMinutes(2), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        runner = new IntentRunner(intents, slots, signal, POLL);
        runner.start(null);
    }

    /** The dispatcher's first claim, which found nothing due, is over: it holds every free slot while it runs. */
    private void awaitFirstClaimOver() {
        await().atMost(Duration.ofSeconds(5)).until(() -> intents.claims.get() > 0 && slots.idle());
    }

    /**
     * Hands out the intents made due, at most the claim's limit each time, and counts the claims. Vetoed: the tests'
     * Quarkus applications index this class too, and it must not stand beside the real {@link Intents}.
     */
    @Vetoed
    private static final class DueIntents extends Intents {

        private final Deque<ClaimedIntent> due = new ConcurrentLinkedDeque<>();
        private final AtomicInteger claims = new AtomicInteger();
        private final List<Integer> limits = new CopyOnWriteArrayList<>();

        DueIntents(IntentSignal signal) {
            super(null, null, signal, null);
        }

        void due(int count) {
            for (int i = 0; i < count; i++) {
                due.add(claimedAtOpen());
            }
        }

        ClaimedIntent claimedAtOpen() {
            UUID orderId = UUID.randomUUID();
            return new ClaimedIntent(PaymentIntent.idOf(orderId, IntentAction.AUTHORIZE), orderId,
                    IntentAction.AUTHORIZE, 1, false, "tok_visa", new Money(100, "EUR"), null, Instant.now(),
                    Optional.empty());
        }

        @Override
        public List<ClaimedIntent> claimDue(Instant now, int limit, Duration lease) {
            claims.incrementAndGet();
            limits.add(limit);
            List<ClaimedIntent> claimed = new ArrayList<>();
            while (claimed.size() < limit && !due.isEmpty()) {
                claimed.add(due.poll());
            }
            return claimed;
        }
    }
}
