package dev.processflow.console.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processflow.console.feed.FlowEvent;
import dev.processflow.console.orders.OrderFlow.State;
import dev.processflow.console.orders.OrderFlow.Step;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.notification.NotificationKind;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrderFlowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID ORDER = UUID.fromString("0b8a4b9e-7f3e-4a7e-9d8c-1a2b3c4d5e6f");
    private static final Instant PLACED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Customer ADA = new Customer("ada", "ada@example.com", "Ada Lovelace");
    private static final Money TOTAL = new Money(1998, "EUR");
    private static final List<StockLine> LINES = List.of(new StockLine("SKU-001", 2));

    @Test
    void aPendingOrderWaitsForBothOutcomesAndShowsTheHappyPathAhead() {
        Map<String, Step> steps = steps(OrderFlow.of(placed(), Optional.empty()));

        assertThat(steps.keySet()).containsExactly("placed", "payment", "inventory", "join", "capture", "commit", "email");
        assertThat(steps.get("placed").state()).isEqualTo(State.DONE);
        assertThat(steps.get("placed").at()).isEqualTo(PLACED);
        assertThat(steps.get("payment").state()).isEqualTo(State.WAITING);
        assertThat(steps.get("join").state()).isEqualTo(State.WAITING);
        assertThat(steps.get("capture").after()).containsExactly("join");
    }

    @Test
    void aConfirmedOrderShowsEveryStepWithItsTimeAndDuration() {
        OrderState order = placed()
                .apply(event(EventType.PAYMENT_AUTHORIZED, 120, new PaymentAuthorized(ORDER, UUID.randomUUID(), TOTAL, "visa", "4242")))
                .apply(event(EventType.INVENTORY_RESERVED, 80, new InventoryReserved(ORDER, LINES)))
                .apply(event(EventType.ORDER_CONFIRMED, 150, new OrderConfirmed(ORDER, ADA, List.of(new dev.processflow.events.order.OrderLine("SKU-001", 2, new Money(999, "EUR"))), TOTAL, PLACED)))
                .apply(event(EventType.PAYMENT_CAPTURED, 400, new PaymentCaptured(ORDER, UUID.randomUUID(), TOTAL)))
                .apply(event(EventType.INVENTORY_COMMITTED, 300, new dev.processflow.events.inventory.InventoryCommitted(ORDER, LINES)))
                .apply(event(EventType.NOTIFICATION_SENT, 900, new NotificationSent(ORDER, UUID.randomUUID(), NotificationKind.CONFIRMATION, "ada@example.com")));

        OrderFlow flow = OrderFlow.of(order, Optional.empty());
        Map<String, Step> steps = steps(flow);

        assertThat(flow.status()).isEqualTo("CONFIRMED");
        assertThat(steps.values()).allSatisfy(step -> assertThat(step.state()).isEqualTo(State.DONE));
        assertThat(steps.get("payment").durationMillis()).isEqualTo(120);
        assertThat(steps.get("payment").detail()).isEqualTo("1998 EUR authorized on visa ending 4242");
        assertThat(steps.get("inventory").durationMillis()).isEqualTo(80);
        // The join waited for the later of the two outcomes.
        assertThat(steps.get("join").durationMillis()).isEqualTo(30);
        assertThat(steps.get("join").label()).isEqualTo("Confirmed");
        assertThat(steps.get("capture").durationMillis()).isEqualTo(250);
        assertThat(steps.get("email").detail()).isEqualTo("CONFIRMATION email sent");
        assertThat(flow.timeline()).extracting(TimelineStep::type).containsExactly("processflow.order.placed",
                "processflow.inventory.reserved", "processflow.payment.authorized", "processflow.order.confirmed",
                "processflow.inventory.committed", "processflow.payment.captured", "processflow.notification.sent");
    }

    @Test
    void aDeclinedCardTakesTheCompensationPathWithNothingToVoid() {
        OrderState order = placed()
                .apply(event(EventType.INVENTORY_RESERVED, 50, new InventoryReserved(ORDER, LINES)))
                .apply(event(EventType.PAYMENT_DECLINED, 90, new PaymentDeclined(ORDER, "card_declined", "Your card was declined.")))
                .apply(event(EventType.ORDER_REJECTED, 100, new OrderRejected(ORDER, ADA, RejectionReason.PAYMENT_DECLINED,
                        "card_declined", PLACED)))
                .apply(event(EventType.INVENTORY_RELEASED, 200, new InventoryReleased(ORDER, LINES)));

        OrderFlow flow = OrderFlow.of(order, Optional.empty());
        Map<String, Step> steps = steps(flow);

        assertThat(flow.status()).isEqualTo("REJECTED");
        assertThat(flow.rejectionReason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(steps.keySet()).containsExactly("placed", "payment", "inventory", "join", "void", "release", "email");
        assertThat(steps.get("payment").state()).isEqualTo(State.FAILED);
        assertThat(steps.get("payment").detail()).isEqualTo("card_declined: Your card was declined.");
        assertThat(steps.get("join").state()).isEqualTo(State.FAILED);
        assertThat(steps.get("join").detail()).isEqualTo("PAYMENT_DECLINED: card_declined");
        assertThat(steps.get("void").state()).isEqualTo(State.NOT_NEEDED);
        assertThat(steps.get("release").state()).isEqualTo(State.DONE);
        assertThat(steps.get("release").durationMillis()).isEqualTo(100);
        assertThat(steps.get("email").state()).isEqualTo(State.WAITING);
        assertThat(steps.get("email").label()).isEqualTo("Rejection e-mail");
    }

    @Test
    void missingStockVoidsTheAuthorizationAndNeedsNoRelease() {
        OrderState order = placed()
                .apply(event(EventType.PAYMENT_AUTHORIZED, 40, new PaymentAuthorized(ORDER, UUID.randomUUID(), TOTAL, null, null)))
                .apply(event(EventType.INVENTORY_REJECTED, 60, new InventoryRejected(ORDER,
                        List.of(new UnavailableLine("SKU-001", 2, 0)))))
                .apply(event(EventType.ORDER_REJECTED, 70, new OrderRejected(ORDER, ADA, RejectionReason.OUT_OF_STOCK,
                        "SKU-001", PLACED)))
                .apply(event(EventType.PAYMENT_VOIDED, 300, new PaymentVoided(ORDER, UUID.randomUUID(), TOTAL)));

        Map<String, Step> steps = steps(OrderFlow.of(order, Optional.empty()));

        assertThat(steps.get("inventory").detail()).isEqualTo("out of stock: SKU-001 (2 requested, 0 available)");
        assertThat(steps.get("void").state()).isEqualTo(State.DONE);
        assertThat(steps.get("release").state()).isEqualTo(State.NOT_NEEDED);
    }

    @Test
    void anEventSeenTwiceOrForAnotherOrderChangesNothing() {
        FlowEvent authorized = event(EventType.PAYMENT_AUTHORIZED, 40, new PaymentAuthorized(ORDER, UUID.randomUUID(), TOTAL, null, null));
        OrderState once = placed().apply(authorized);

        assertThat(once.apply(authorized)).isSameAs(once);
        assertThat(once.apply(event(EventType.PAYMENT_AUTHORIZED, 50,
                new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), TOTAL, null, null)))).isSameAs(once);
    }

    @Test
    void theTraceLinkAppearsOnlyWithATraceIdAndATraceUi() {
        String template = "http://localhost:9411/zipkin/traces/{traceId}";
        OrderState traced = OrderState.of(order("4bf92f3577b34da6a3ce929d0e0e4736"));

        assertThat(OrderFlow.of(traced, Optional.of(template)).traceUrl())
                .isEqualTo("http://localhost:9411/zipkin/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(OrderFlow.of(traced, Optional.empty()).traceUrl()).isNull();
        assertThat(OrderFlow.of(placed(), Optional.of(template)).traceUrl()).isNull();
    }

    private static OrderState placed() {
        return OrderState.of(order(null));
    }

    private static ObjectNode order(String traceId) {
        ObjectNode order = MAPPER.createObjectNode();
        order.put("id", ORDER.toString());
        order.put("status", "PENDING");
        order.putNull("rejectionReason");
        order.put("createdAt", PLACED.toString());
        order.putObject("customer").put("id", "ada").put("name", "Ada Lovelace");
        order.putObject("total").put("amount", 1998).put("currency", "EUR");
        if (traceId != null) {
            order.put("traceId", traceId);
        }
        ArrayNode timeline = order.putArray("timeline");
        timeline.addObject().put("type", "processflow.order.placed").put("source", "/processflow/order-service")
                .put("at", PLACED.toString()).put("detail", "total 1998 EUR");
        return order;
    }

    private static FlowEvent event(EventType type, long millisAfterPlacement, Object data) {
        return new FlowEvent(new CloudEvent<>(UUID.randomUUID(), "/processflow/" + owner(type), type, ORDER.toString(),
                PLACED.plusMillis(millisAfterPlacement), data));
    }

    private static String owner(EventType type) {
        return dev.processflow.events.Topics.owner(type.topic()).substring("/processflow/".length());
    }

    private static Map<String, Step> steps(OrderFlow flow) {
        return flow.steps().stream().collect(Collectors.toMap(Step::key, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
