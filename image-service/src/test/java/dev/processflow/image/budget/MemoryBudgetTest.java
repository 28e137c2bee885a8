package dev.processflow.image.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.image.imaging.DecodeCost;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MB = 1 << 20;

    private final MemoryBudget budget = new MemoryBudget(100 * MB, 300 * MB);

    @Test
    void reservesBothKindsAndGivesThemBack() throws Exception {
        DecodeCost progressive = new DecodeCost(20 * MB, 250 * MB);
        assertThat(budget.reserve(progressive, 0)).isTrue();
        assertThat(budget.heapReserved()).isEqualTo(20 * MB);
        assertThat(budget.nativeReserved()).isEqualTo(250 * MB);

        // Plenty of heap left, but not of native memory: a second one waits, and here gives up.
        assertThat(budget.reserve(progressive, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        assertThat(budget.reserve(new DecodeCost(70 * MB, 10 * MB), 0)).isTrue();

        budget.release(progressive);
        assertThat(budget.heapReserved()).isEqualTo(70 * MB);
        assertThat(budget.nativeReserved()).isEqualTo(10 * MB);
        assertThat(budget.heapPeak()).isEqualTo(90 * MB);
        assertThat(budget.nativePeak()).isEqualTo(260 * MB);
    }

    @Test
    void aCostBeyondTheCapacityIsNeverAdmitted() {
        assertThat(budget.fitsEver(new DecodeCost(100 * MB, 300 * MB))).isTrue();
        assertThat(budget.fitsEver(new DecodeCost(100 * MB + 1, 0))).isFalse();
        assertThat(budget.fitsEver(new DecodeCost(0, 300 * MB + 1))).isFalse();
        assertThatThrownBy(() -> budget.reserve(new DecodeCost(0, 301 * MB), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waitersAreAdmittedInArrivalOrderSoALargeOneIsNotOvertakenByStreamsOfSmallOnes() throws Exception {
        DecodeCost all = new DecodeCost(100 * MB, 0);
        DecodeCost large = new DecodeCost(80 * MB, 0);
        assertThat(budget.reserve(all, 0)).isTrue();
        List<String> admitted = new CopyOnWriteArrayList<>();
        Thread first = waiter("large", large, admitted);
        Awaitility.await().until(() -> budget.waiting() == 1);
        Thread second = waiter("small", new DecodeCost(30 * MB, 0), admitted);
        Awaitility.await().until(() -> budget.waiting() == 2);

        budget.release(all);
        first.join(5_000);
        // The small one alone would fit now, but the large one came first and the two do not fit together.
        assertThat(admitted).containsExactly("large");
        assertThat(budget.waiting()).isEqualTo(1);

        budget.release(large);
        second.join(5_000);
        assertThat(admitted).containsExactly("large", "small");
        assertThat(budget.heapReserved()).isEqualTo(30 * MB);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void oneThatGivesUpLeavesTheLineAndLetsTheNextIn() throws Exception {
        assertThat(budget.reserve(new DecodeCost(60 * MB, 0), 0)).isTrue();
        List<String> gaveUp = new CopyOnWriteArrayList<>();
        Thread impatient = new Thread(() -> {
            try {
                if (!budget.reserve(new DecodeCost(90 * MB, 0), TimeUnit.SECONDS.toNanos(3))) {
                    gaveUp.add("impatient");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        impatient.start();
        Awaitility.await().until(() -> budget.waiting() == 1);
        List<String> admitted = new CopyOnWriteArrayList<>();
        Thread patient = waiter("patient", new DecodeCost(30 * MB, 0), admitted);
        Awaitility.await().until(() -> budget.waiting() == 2);
        // It would fit, but it is second in line.
        assertThat(admitted).isEmpty();

        impatient.join(10_000);
        patient.join(10_000);
        assertThat(gaveUp).containsExactly("impatient");
        assertThat(admitted).containsExactly("patient");
        assertThat(budget.heapReserved()).isEqualTo(90 * MB);
    }

    private Thread waiter(String name, DecodeCost cost, List<String> admitted) {
        Thread thread = new Thread(() -> {
            try {
                if (budget.reserve(cost, -1)) {
                    admitted.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        return thread;
    }
}
