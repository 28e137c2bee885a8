package dev.processflow.inventory.reservation;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.inventory.product.CatalogEvents;
import dev.processflow.inventory.product.Product;
import dev.processflow.inventory.reservation.Reservation.Status;
import dev.processflow.inventory.reservation.ReservationRule.Decision;
import dev.processflow.inventory.reservation.ReservationRule.Reject;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The inventory side of the purchase saga: reserves every line of a placed order or none, commits the reservation
 * when the order is confirmed and releases it when the order is rejected.
 * <p>
 * No oversell under any concurrency: product rows are locked one by one in SKU order before stock is read, so two
 * orders for the same SKU decide one after the other on current numbers, and the fixed order means two orders
 * sharing several SKUs can never deadlock. The reservation's primary key (the order id) makes one decision per
 * order, so a repeated order.placed, or order.rejected overtaking order.placed, never holds stock twice or forever.
 */
@ApplicationScoped
public class StockReservations {

    /** What one event did; 2xx for any of them, should an HTTP transport ask. */
    public enum Outcome { RESERVED, REJECTED, COMMITTED, RELEASED, IGNORED, DUPLICATE }

    private static final Logger LOG = Logger.getLogger(StockReservations.class);
    private static final int MAX_DETAIL_LENGTH = 500;

    private final ProcessedEvents processedEvents;
    private final ReservationRows rows;
    private final Outbox outbox;
    private final CatalogEvents catalogEvents;

    public StockReservations(ProcessedEvents processedEvents, ReservationRows rows, Outbox outbox,
            CatalogEvents catalogEvents) {
        this.processedEvents = processedEvents;
        this.rows = rows;
        this.outbox = outbox;
        this.catalogEvents = catalogEvents;
    }

    @Transactional
    public Outcome apply(CloudEvent<?> event) {
        Object data = event.data();
        if (!(data instanceof OrderPlaced || data instanceof OrderConfirmed || data instanceof OrderRejected)) {
            throw new MalformedEventException(event.type().typeName() + " is not an order event inventory handles");
        }
        if (!processedEvents.firstDelivery(event)) {
            return Outcome.DUPLICATE;
        }
        if (data instanceof OrderPlaced placed) {
            return reserve(placed);
        }
        if (data instanceof OrderConfirmed confirmed) {
            return commit(confirmed.orderId());
        }
        return release(((OrderRejected) data).orderId());
    }

    /**
     * Locks, in SKU order, every product these events will touch, so that several of them can be applied in one
     * transaction: the per-event locks are then already held, and two such transactions never wait in a cycle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockProductsOf(List<CloudEvent<?>> events) {
        Set<String> skus = new TreeSet<>();
        List<UUID> decided = new ArrayList<>();
        for (CloudEvent<?> event : events) {
            if (event.data() instanceof OrderPlaced placed) {
                placed.items().forEach(item -> skus.add(item.sku()));
            } else if (event.data() instanceof OrderConfirmed confirmed) {
                decided.add(confirmed.orderId());
            } else if (event.data() instanceof OrderRejected rejected) {
                decided.add(rejected.orderId());
            }
        }
        if (!decided.isEmpty()) {
            skus.addAll(rows.reservedSkus(decided));
        }
        if (!skus.isEmpty()) {
            rows.products(skus);
        }
    }

    private Outcome reserve(OrderPlaced placed) {
        UUID orderId = placed.orderId();
        ReservationRows.Locked existing = rows.lock(orderId);
        if (existing != null) {
            LOG.infof("order %s already has a %s reservation; this order.placed changes nothing", orderId,
                    existing.status());
            return Outcome.IGNORED;
        }
        List<StockLine> requested = ReservationRule.requested(placed.items());
        Map<String, Product> products = rows.products(skus(requested));
        Map<String, Integer> available = new HashMap<>();
        products.forEach((sku, product) -> available.put(sku, product.available()));
        Decision decision = ReservationRule.decide(requested, available);
        if (decision instanceof Reject reject) {
            rows.insert(orderId, Status.REJECTED, requested, describe(reject.unavailable()));
            emit(EventType.INVENTORY_REJECTED, orderId, new InventoryRejected(orderId, reject.unavailable()));
            LOG.debugf("order %s rejected: %s", orderId, reject.unavailable());
            return Outcome.REJECTED;
        }
        List<Product> moved = new ArrayList<>();
        for (StockLine line : requested) {
            Product product = products.get(line.sku());
            product.reserve(line.quantity());
            catalogEvents.stockMoved(product);
            moved.add(product);
        }
        rows.saveStock(moved);
        rows.insert(orderId, Status.HELD, requested, null);
        emit(EventType.INVENTORY_RESERVED, orderId, new InventoryReserved(orderId, requested));
        LOG.debugf("order %s reserved: %s", orderId, requested);
        return Outcome.RESERVED;
    }

    private Outcome commit(UUID orderId) {
        List<StockLine> lines = heldLines(orderId, "order.confirmed");
        if (lines == null) {
            return Outcome.IGNORED;
        }
        Map<String, Product> products = lockReserved(lines);
        List<Product> moved = new ArrayList<>();
        for (StockLine line : lines) {
            Product product = products.get(line.sku());
            product.commit(line.quantity());
            catalogEvents.stockMoved(product);
            moved.add(product);
        }
        rows.saveStock(moved);
        rows.move(orderId, Status.COMMITTED);
        emit(EventType.INVENTORY_COMMITTED, orderId, new InventoryCommitted(orderId, lines));
        return Outcome.COMMITTED;
    }

    private Outcome release(UUID orderId) {
        List<StockLine> lines = heldLines(orderId, "order.rejected");
        if (lines == null) {
            return Outcome.IGNORED;
        }
        Map<String, Product> products = lockReserved(lines);
        List<Product> moved = new ArrayList<>();
        for (StockLine line : lines) {
            Product product = products.get(line.sku());
            product.release(line.quantity());
            catalogEvents.stockMoved(product);
            moved.add(product);
        }
        rows.saveStock(moved);
        rows.move(orderId, Status.RELEASED);
        emit(EventType.INVENTORY_RELEASED, orderId, new InventoryReleased(orderId, lines));
        return Outcome.RELEASED;
    }

    /**
     * The lines of the order's reservation if it still holds stock, else null. An order never seen gets a tombstone,
     * so an order.placed arriving after its own outcome reserves nothing instead of holding stock nobody will release.
     */
    private List<StockLine> heldLines(UUID orderId, String outcome) {
        ReservationRows.Locked reservation = rows.lock(orderId);
        if (reservation == null) {
            LOG.infof("%s for order %s arrived before its order.placed; recording a tombstone", outcome, orderId);
            rows.insert(orderId, Status.TOMBSTONE, List.of(), outcome + " arrived before order.placed");
            return null;
        }
        if (reservation.status() != Status.HELD) {
            LOG.debugf("%s for order %s finds its reservation %s; nothing to do", outcome, orderId,
                    reservation.status());
            return null;
        }
        return reservation.lines();
    }

    /** Locks in SKU order, the same order reserving uses, every product the reservation holds stock of. */
    private Map<String, Product> lockReserved(List<StockLine> lines) {
        Map<String, Product> products = rows.products(skus(lines));
        lines.stream().filter(line -> !products.containsKey(line.sku())).findFirst().ifPresent(line -> {
            throw new IllegalStateException("reserved SKU " + line.sku() + " no longer exists");
        });
        return products;
    }

    private static List<String> skus(List<StockLine> lines) {
        return lines.stream().map(StockLine::sku).toList();
    }

    private <T> void emit(EventType type, UUID orderId, T data) {
        outbox.emit(CloudEvent.create(Sources.INVENTORY_SERVICE, type, orderId.toString(), data));
    }

    private static String describe(List<UnavailableLine> unavailable) {
        String detail = unavailable.stream()
                .map(u -> u.sku() + ": requested " + u.requested() + ", available " + u.available())
                .collect(Collectors.joining("; "));
        return BoundedText.fit(detail, MAX_DETAIL_LENGTH);
    }
}
