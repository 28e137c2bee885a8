package dev.processflow.bench.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.bench.orders.OrderSpec.Expectation;
import dev.processflow.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepResultTest {

    private static final long MS = 1_000_000L;

    /** 100 orders due 10 ms apart from t=0, each reaching its outcome {@code latencyMs} after it was due. */
    private static StepResult step(long latencyMs, long backlog, long failed, boolean lastMissing) {
        OrderTracker tracker = new OrderTracker();
        for (int i = 0; i < 100; i++) {
            String id = "o" + i;
            long due = i * 10 * MS;
            tracker.accepted(id, new OrderSpec(i, id + "@bench.example", List.of(), "tok_visa", Expectation.CONFIRMED),
                    "step-1", due, due + MS, due + 2 * MS);
            if (!(lastMissing && i == 99)) {
                tracker.event(id, EventType.ORDER_CONFIRMED, "e" + i, due + latencyMs * MS, null);
            }
        }
        LoadGenerator.Phase phase = new LoadGenerator.Phase("step-1", 100, 0, 1000 * MS, 100);
        return StepResult.evaluate(phase, tracker.accepted(), new ArrayList<>(tracker.terminalTimes()), failed, backlog,
                1000, 5000 * MS, java.util.Map.of("order-service", 0.5, "postgres", 0.25));
    }

    @Test
    void fastCompleteStepIsSustained() {
        StepResult result = step(120, 12, 0, false);
        assertThat(result.sustainable()).isTrue();
        assertThat(result.latency().p99()).isBetween(119.0, 121.0);
        assertThat(result.fromSend().p99()).isBetween(118.0, 120.0);
        assertThat(result.post().p99()).isBetween(0.9, 1.1);
        assertThat(result.accepted()).isEqualTo(100);
        assertThat(result.cpuCoresTotal()).isEqualTo(0.75);
    }

    @Test
    void slowGrowingFailedOrIncompleteStepsAreNot() {
        assertThat(step(1500, 0, 0, false).verdict()).contains("p99");
        assertThat(step(100, 500, 0, false).verdict()).contains("backlog");
        assertThat(step(100, 0, 3, false).verdict()).contains("3 requests failed");
        StepResult incomplete = step(100, 0, 0, true);
        assertThat(incomplete.sustainable()).isFalse();
        assertThat(incomplete.incomplete()).isEqualTo(1);
    }
}
