package dev.processflow.order;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A transaction's steps are written together as it commits, in the order noted, and not at all if it rolls back. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelineTest {

    private final String sku = OrderFixtures.newSku();
    private boolean published;

    @Inject
    Timeline timeline;

    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(OrderFixtures.kafka(), 1000, sku);
            published = true;
        }
    }

    @Test
    void stepsOfOneTransactionAtTheSameMomentReadBackInTheOrderNotedAcrossOrders() {
        UUID first = place("timeline-one@example.com");
        UUID second = place("timeline-two@example.com");
        Instant at = Instant.now();

        QuarkusTransaction.requiringNew().run(() -> {
            timeline.note(first, authorized(first), at, "one");
            timeline.note(second, authorized(second), at, "other order");
            timeline.note(first, authorized(first), at, "two");
            timeline.note(first, authorized(first), at, null);
        });

        List<String> details = details(first);
        assertThat(details.subList(details.size() - 3, details.size())).containsExactly("one", "two", null);
        assertThat(details(second)).endsWith("other order");
    }

    @Test
    void stepsOfATransactionThatRollsBackAreNotWritten() {
        UUID id = place("timeline-rollback@example.com");
        List<String> before = details(id);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            timeline.note(id, authorized(id), Instant.now(), "never written");
            throw new IllegalStateException("the transaction fails after its step was noted");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(details(id)).isEqualTo(before).doesNotContain("never written");
    }

    private UUID place(String email) {
        String id = shopper(email).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");
        return UUID.fromString(id);
    }

    private static CloudEvent<?> authorized(UUID orderId) {
        return CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, orderId.toString(),
                new PaymentAuthorized(orderId, UUID.randomUUID(), Money.of(1000, "EUR"), "visa", "4242"));
    }

    private static List<String> details(UUID orderId) {
        return TestUsers.asAdmin().get("/orders/" + orderId).then().statusCode(200).extract().jsonPath()
                .getList("timeline.detail", String.class);
    }
}
