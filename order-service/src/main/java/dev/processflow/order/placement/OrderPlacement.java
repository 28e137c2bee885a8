package dev.processflow.order.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.order.OrderItem;
import dev.processflow.order.OrderRows;
import dev.processflow.order.OrderStatus;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.Timeline;
import dev.processflow.order.catalog.CatalogReplica;
import dev.processflow.order.query.OrderQueries;
import dev.processflow.order.query.OrderView;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Places an order for a signed-in customer: prices it from the catalog replica, stores it PENDING with its saga
 * deadline and emits {@code order.placed} in the same transaction. An Idempotency-Key makes a retried request of the
 * same customer return the first order; keys are scoped per customer, so nobody reaches another customer's order.
 */
@ApplicationScoped
public class OrderPlacement {

    private final CatalogReplica catalog;
    private final OrderRows rows;
    private final OrderQueries queries;
    private final Outbox outbox;
    private final Timeline timeline;
    private final TransactionConnection connections;
    private final ObjectMapper mapper;
    private final Duration sagaTimeout;

    public OrderPlacement(CatalogReplica catalog, OrderRows rows, OrderQueries queries, Outbox outbox,
            Timeline timeline, TransactionConnection connections, ObjectMapper mapper,
            @ConfigProperty(name = "processflow.saga.timeout") Duration sagaTimeout) {
        this.catalog = catalog;
        this.rows = rows;
        this.queries = queries;
        this.outbox = outbox;
        this.timeline = timeline;
        this.connections = connections;
        this.mapper = mapper;
        this.sagaTimeout = sagaTimeout;
    }

    /**
     * The placed order, or the earlier one a repeated Idempotency-Key names. A new order's view is built from what
     * was just written, so answering the request needs no second read. Every write is a fixed statement on the
     * transaction's connection: a placement is a handful of inserts, none of which the ORM session would improve.
     */
    @Transactional
    public OrderView place(PlaceOrderRequest request, Customer customer, String idempotencyKey) {
        rejectDuplicateSkus(request);
        UUID orderId = UUID.randomUUID();
        if (idempotencyKey != null) {
            String requestHash = hash(request);
            UUID claimedBy = claim(customer.id(), idempotencyKey, requestHash, orderId);
            if (claimedBy != null) {
                return queries.find(claimedBy).orElseThrow();
            }
        }
        PurchaseOrder order = price(orderId, request, customer);
        rows.insert(order);
        OrderPlaced placed = new OrderPlaced(order.id, order.customer(), order.lines(), order.total(),
                request.paymentToken(), order.createdAt);
        CloudEvent<OrderPlaced> event = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED,
                order.id.toString(), placed);
        outbox.emit(event);
        OrderView.Step placedStep = timeline.record(order.id, event,
                "total " + order.totalAmount + " " + order.currency);
        return OrderView.of(order, List.of(placedStep));
    }

    /** The new order, priced from the catalog replica; not yet written. */
    private PurchaseOrder price(UUID orderId, PlaceOrderRequest request, Customer customer) {
        Map<String, Money> prices = catalog.prices(request.items().stream().map(PlaceOrderRequest.Item::sku).toList());
        List<String> unknown = request.items().stream().map(PlaceOrderRequest.Item::sku)
                .filter(sku -> !prices.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.of(422, "Unknown SKU",
                    "not in the catalog: " + String.join(", ", unknown))
                    .with("unknownSkus", unknown));
        }
        Set<String> currencies = new HashSet<>();
        prices.values().forEach(price -> currencies.add(price.currency()));
        if (currencies.size() > 1) {
            throw new ProblemException(Problem.of(422, "Mixed currencies",
                    "the items are priced in different currencies: " + currencies));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PurchaseOrder order = new PurchaseOrder();
        order.id = orderId;
        order.status = OrderStatus.PENDING;
        order.customerId = customer.id();
        order.customerEmail = customer.email();
        // A name is free text from whoever identifies the customer: it is kept as far as its column allows.
        order.customerName = BoundedText.fit(customer.name(), PurchaseOrder.MAX_CUSTOMER_NAME);
        order.currency = currencies.iterator().next();
        order.createdAt = now;
        order.updatedAt = now;
        order.deadlineAt = now.plus(sagaTimeout);
        TraceContext.current().ifPresent(trace -> {
            order.traceParent = trace.traceparent();
            order.traceState = trace.tracestate();
        });
        Money total = new Money(0, order.currency);
        int lineNo = 0;
        for (PlaceOrderRequest.Item item : request.items()) {
            Money price = prices.get(item.sku());
            OrderItem line = new OrderItem();
            line.order = order;
            line.lineNo = ++lineNo;
            line.sku = item.sku();
            line.quantity = item.quantity();
            line.unitPriceAmount = price.amount();
            order.items.add(line);
            total = total.plus(price.times(item.quantity()));
        }
        order.totalAmount = total.amount();
        return order;
    }

    /** Claims the customer's key for this order; if another of their requests holds it, returns its order id. */
    private UUID claim(String customerId, String idempotencyKey, String requestHash, UUID orderId) {
        return connections.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO order_idempotency (customer_id, idempotency_key, request_hash, order_id)
                    VALUES (?, ?, ?, ?) ON CONFLICT (customer_id, idempotency_key) DO NOTHING""")) {
                insert.setString(1, customerId);
                insert.setString(2, idempotencyKey);
                insert.setString(3, requestHash);
                insert.setObject(4, orderId);
                if (insert.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT request_hash, order_id FROM order_idempotency
                    WHERE customer_id = ? AND idempotency_key = ?""")) {
                select.setString(1, customerId);
                select.setString(2, idempotencyKey);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    if (!requestHash.equals(rows.getString(1))) {
                        throw new ProblemException(Problem.of(422, "Idempotency-Key reused",
                                "this Idempotency-Key was already used with a different request body"));
                    }
                    return rows.getObject(2, UUID.class);
                }
            }
        });
    }

    private static void rejectDuplicateSkus(PlaceOrderRequest request) {
        Set<String> seen = new HashSet<>();
        List<Problem.Violation> duplicates = new java.util.ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            if (!seen.add(request.items().get(i).sku())) {
                duplicates.add(new Problem.Violation("items[" + i + "].sku",
                        "duplicate SKU; put the quantity on one line"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Invalid request", "one or more fields are invalid")
                    .withViolations(duplicates));
        }
    }

    private String hash(PlaceOrderRequest request) {
        try {
            byte[] canonical = mapper.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
