package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.stack.Stack;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outages longer than any retry budget, under load: afterwards every order is decided, nothing was dead-lettered
 * and payments, stock and e-mails agree with the decisions within a minute of the dependency's return.
 */
@ExtendWith(RunningStack.class)
class OutageSystemTest {

    private static final Duration OUTAGE = Duration.ofMinutes(3);
    private static final Duration SETTLED_AFTER_RETURN = Duration.ofMinutes(1);
    private static final int RATE = 20;

    @Test
    void postgresDownThreeMinutesUnderLoadStrandsNothing(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        PurchaseRun warmUp = new PurchaseRun(shop, "pg-warmup", 2, 1000);
        warmUp.start(100, 10).join();
        warmUp.assertInvariants(RunningStack.SAGA_TIMEOUT.plusSeconds(60));
        DeadLetters before = DeadLetters.count(stack);

        PurchaseRun run = new PurchaseRun(shop, "pg-outage", 10, 25);
        // Clients keep retrying their orders with the same key through the outage, as a patient shop front would.
        CompletableFuture<Void> load = run.start(300, RATE, OUTAGE.plusMinutes(2));
        Shop.sleep(Duration.ofSeconds(5));
        stack.stack().stop(Stack.POSTGRES);
        Shop.sleep(OUTAGE);
        stack.stack().restart(Stack.POSTGRES);
        Instant back = Instant.now();
        System.out.printf("system-tests: postgres back after %d s down%n", OUTAGE.toSeconds());
        load.join();

        // Waits longer than required, so a miss says by how much.
        PurchaseRun.Summary summary = run.assertInvariants(SETTLED_AFTER_RETURN.multipliedBy(3),
                SETTLED_AFTER_RETURN.multipliedBy(3));
        Duration settled = Duration.between(back, summary.settledAt());
        System.out.printf("system-tests: pg-outage: %d accepted, %d confirmed, rejected %s, consistent %d s after "
                + "PostgreSQL returned%n", summary.accepted(), summary.confirmed(), summary.rejectedByReason(),
                settled.toSeconds());
        assertThat(summary.accepted()).isEqualTo(300);
        assertThat(DeadLetters.count(stack)).as("dead letters").isEqualTo(before);
        assertThat(settled).as("every order decided, payments, stock and e-mails consistent after PostgreSQL returned")
                .isLessThanOrEqualTo(SETTLED_AFTER_RETURN);
    }

}
