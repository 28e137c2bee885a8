package dev.processflow.payment.flow;

import static dev.processflow.payment.PaymentDriver.confirmed;
import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static dev.processflow.payment.PaymentDriver.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.payment.ProviderLedger;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The same CloudEvent delivered twice, or a whole flow replayed, has one effect and announces it once. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

    private final PaymentDriver driver = new PaymentDriver();

    @AfterAll
    void close() {
        driver.close();
    }

    @Test
    void duplicateOrderPlacedAuthorizesOnce() {
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderPlaced> placed = placed(orderId, "tok_visa", 1500);
        driver.send(placed, placed);
        driver.barrierAfter(orderId);

        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, orderId)).hasSize(1);
        assertThat(payment(orderId).getList("history.action", String.class)).containsExactly("AUTHORIZED");
        assertThat(ProviderLedger.authorizations(orderId)).hasSize(1);
        assertThat(ProviderLedger.requests(orderId, orderId + ":authorize")).isEqualTo(1);
    }

    @Test
    void duplicateOrderConfirmedCapturesOnce() {
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderConfirmed> confirmed = confirmed(orderId, 1500);
        driver.placeAndAwait(placed(orderId, "tok_visa", 1500), EventType.PAYMENT_AUTHORIZED);
        driver.send(confirmed, confirmed);
        driver.barrierAfter(orderId);

        assertThat(driver.events(EventType.PAYMENT_CAPTURED, orderId)).hasSize(1);
        assertThat(payment(orderId).getString("status")).isEqualTo("CAPTURED");
        assertThat(payment(orderId).getList("history.action", String.class)).containsExactly("AUTHORIZED", "CAPTURED");
    }

    @Test
    void duplicateOrderRejectedVoidsOnce() {
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderRejected> rejected = rejected(orderId, RejectionReason.OUT_OF_STOCK);
        driver.placeAndAwait(placed(orderId, "tok_mastercard", 1500), EventType.PAYMENT_AUTHORIZED);
        driver.send(rejected, rejected);
        driver.barrierAfter(orderId);

        assertThat(driver.events(EventType.PAYMENT_VOIDED, orderId)).hasSize(1);
        assertThat(payment(orderId).getString("status")).isEqualTo("VOIDED");
        assertThat(payment(orderId).getList("history.action", String.class)).containsExactly("AUTHORIZED", "VOIDED");
    }

    @Test
    void duplicateRejectionBeforePlacementIsRecordedOnce() {
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderRejected> rejected = rejected(orderId, RejectionReason.TIMEOUT);
        driver.send(rejected, rejected);
        driver.barrierAfter(orderId);

        assertThat(payment(orderId).getList("history.action", String.class)).containsExactly("VOIDED");
        assertThat(driver.eventsAbout(orderId)).isEmpty();
    }

    /** Replaying every event of several finished flows, with their original ids, changes no payment and emits nothing. */
    @Test
    @SuppressWarnings("unchecked")
    void replayingFinishedFlowsChangesNothing() {
        UUID capturedOrder = UUID.randomUUID();
        UUID voidedOrder = UUID.randomUUID();
        UUID declinedOrder = UUID.randomUUID();
        UUID earlyRejectedOrder = UUID.randomUUID();
        List<CloudEvent<?>> flows = List.of(
                placed(capturedOrder, "tok_visa", 2000), confirmed(capturedOrder, 2000),
                placed(voidedOrder, "tok_mastercard", 2100), rejected(voidedOrder, RejectionReason.OUT_OF_STOCK),
                placed(declinedOrder, "tok_chargeDeclinedInsufficientFunds", 2200),
                rejected(declinedOrder, RejectionReason.PAYMENT_DECLINED),
                rejected(earlyRejectedOrder, RejectionReason.TIMEOUT), placed(earlyRejectedOrder, "tok_visa", 2300));
        List<UUID> orders = List.of(capturedOrder, voidedOrder, declinedOrder, earlyRejectedOrder);
        // first as order-service sends them: a decision only after the payment's outcome
        driver.placeAndAwait((CloudEvent<OrderPlaced>) flows.get(0), EventType.PAYMENT_AUTHORIZED);
        driver.placeAndAwait((CloudEvent<OrderPlaced>) flows.get(2), EventType.PAYMENT_AUTHORIZED);
        driver.placeAndAwait((CloudEvent<OrderPlaced>) flows.get(4), EventType.PAYMENT_DECLINED);
        driver.send(flows.get(1), flows.get(3), flows.get(5), flows.get(6), flows.get(7));
        orders.forEach(driver::barrierAfter);
        Map<UUID, String> before = views(orders);
        Map<UUID, List<String>> announcedBefore = announced(orders);
        assertThat(announcedBefore.get(capturedOrder))
                .containsExactly("processflow.payment.authorized", "processflow.payment.captured");
        assertThat(announcedBefore.get(voidedOrder))
                .containsExactly("processflow.payment.authorized", "processflow.payment.voided");
        assertThat(announcedBefore.get(declinedOrder)).containsExactly("processflow.payment.declined");
        assertThat(announcedBefore.get(earlyRejectedOrder)).isEmpty();

        driver.send(flows.toArray(CloudEvent[]::new));
        orders.forEach(driver::barrierAfter);

        assertThat(views(orders)).isEqualTo(before);
        assertThat(announced(orders)).isEqualTo(announcedBefore);
        assertThat(ProviderLedger.authorizations(capturedOrder)).hasSize(1);
        assertThat(ProviderLedger.authorizations(earlyRejectedOrder)).isEmpty();
    }

    private static Map<UUID, String> views(List<UUID> orders) {
        return orders.stream().collect(Collectors.toMap(Function.identity(),
                id -> TestUsers.asAdmin().get("/payments/" + id).then().statusCode(200).extract().asString()));
    }

    private Map<UUID, List<String>> announced(List<UUID> orders) {
        return orders.stream().collect(Collectors.toMap(Function.identity(), id -> driver.eventsAbout(id).stream()
                .flatMap(r -> Stream.of(TestEvents.header(r, "ce_type"))).toList()));
    }
}
