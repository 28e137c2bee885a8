package dev.processflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Money;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.order.OrderLine;
import dev.processflow.inventory.reservation.ReservationRule.Reject;
import dev.processflow.inventory.reservation.ReservationRule.Reserve;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservationRuleTest {

    private static OrderLine item(String sku, int quantity) {
        return new OrderLine(sku, quantity, Money.of(100, "EUR"));
    }

    @Test
    void requestedLinesAreMergedPerSkuAndSortedBySku() {
        List<StockLine> requested = ReservationRule.requested(List.of(item("B", 1), item("A", 2), item("B", 3)));

        assertThat(requested).containsExactly(new StockLine("A", 2), new StockLine("B", 4));
    }

    @Test
    void overflowingQuantitiesAreMalformed() {
        assertThatThrownBy(() -> ReservationRule.requested(
                List.of(item("A", Integer.MAX_VALUE), item("A", 1))))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void everyLineAvailableReservesEveryLine() {
        List<StockLine> requested = List.of(new StockLine("A", 2), new StockLine("B", 5));

        assertThat(ReservationRule.decide(requested, Map.of("A", 2, "B", 9)))
                .isEqualTo(new Reserve(requested));
    }

    @Test
    void oneShortLineRejectsTheWholeOrderNamingOnlyThatLine() {
        List<StockLine> requested = List.of(new StockLine("A", 2), new StockLine("B", 5));

        assertThat(ReservationRule.decide(requested, Map.of("A", 10, "B", 4)))
                .isEqualTo(new Reject(List.of(new UnavailableLine("B", 5, 4))));
    }

    @Test
    void anUnknownSkuCountsAsZeroAvailable() {
        List<StockLine> requested = List.of(new StockLine("A", 1), new StockLine("GHOST", 1));

        assertThat(ReservationRule.decide(requested, Map.of("A", 1)))
                .isEqualTo(new Reject(List.of(new UnavailableLine("GHOST", 1, 0))));
    }

    @Test
    void everyShortLineIsNamedWithWhatIsLeft() {
        List<StockLine> requested = List.of(new StockLine("A", 3), new StockLine("B", 1), new StockLine("C", 7));

        assertThat(ReservationRule.decide(requested, Map.of("A", 0, "B", 1, "C", -2)))
                .isEqualTo(new Reject(List.of(new UnavailableLine("A", 3, 0), new UnavailableLine("C", 7, 0))));
    }

    @Test
    void mergedDuplicatesAreCheckedTogether() {
        List<StockLine> requested = ReservationRule.requested(List.of(item("A", 3), item("A", 3)));

        assertThat(ReservationRule.decide(requested, Map.of("A", 5)))
                .isEqualTo(new Reject(List.of(new UnavailableLine("A", 6, 5))));
    }
}
