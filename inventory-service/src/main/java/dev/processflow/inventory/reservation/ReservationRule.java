package dev.processflow.inventory.reservation;

import dev.processflow.events.MalformedEventException;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.order.OrderLine;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reservation rule, free of any infrastructure: an order gets every line it asks for, or nothing. */
public final class ReservationRule {

    /** Either every line is reserved, or the order is rejected naming each line that is short. */
    public sealed interface Decision permits Reserve, Reject {
    }

    public record Reserve(List<StockLine> lines) implements Decision {
    }

    public record Reject(List<UnavailableLine> unavailable) implements Decision {
    }

    private ReservationRule() {
    }

    /** One line per SKU, quantities of repeated SKUs added up, sorted by SKU: the order rows are locked in. */
    public static List<StockLine> requested(List<OrderLine> items) {
        Map<String, Integer> quantities = new TreeMap<>();
        for (OrderLine item : items) {
            try {
                quantities.merge(item.sku(), item.quantity(), Math::addExact);
            } catch (ArithmeticException e) {
                throw new MalformedEventException("quantity of " + item.sku() + " overflows", e);
            }
        }
        return quantities.entrySet().stream().map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }

    /**
     * Decides on the requested lines given what is available per SKU. A SKU missing from {@code available} does not
     * exist and counts as 0 available; negative availability is reported as 0.
     */
    public static Decision decide(List<StockLine> requested, Map<String, Integer> available) {
        List<UnavailableLine> unavailable = requested.stream()
                .filter(line -> line.quantity() > available.getOrDefault(line.sku(), 0))
                .map(line -> new UnavailableLine(line.sku(), line.quantity(),
                        Math.max(0, available.getOrDefault(line.sku(), 0))))
                .toList();
        return unavailable.isEmpty() ? new Reserve(requested) : new Reject(unavailable);
    }
}
