package dev.processflow.notification.api;

import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.publish;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.oneOf;

import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NotificationsResourceTest {

    private final KafkaCompanion kafka = OrderEvents.kafka();

    @Test
    void listsNewestFirstWithALimit() {
        UUID older = sendConfirmation();
        UUID newer = sendConfirmation();

        List<String> orderIds = asAdmin().queryParam("limit", 2).get("/notifications").then().statusCode(200)
                .body("$", hasSize(2)).extract().path("orderId");
        assertThat(orderIds).containsExactly(newer.toString(), older.toString());
        asAdmin().get("/notifications").then().statusCode(200)
                .body("size()", lessThanOrEqualTo(50))
                .body("orderId", hasItem(newer.toString()))
                .body("status", everyItem(oneOf("SENT", "FAILED")));
    }

    @Test
    void unknownOrderHasNoNotifications() {
        asAdmin().queryParam("orderId", UUID.randomUUID().toString()).get("/notifications")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void invalidParametersAreProblems() {
        asAdmin().queryParam("orderId", "not-a-uuid").get("/notifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem("orderId"));
        asAdmin().queryParam("orderId", "1-2-3-4-5").get("/notifications")
                .then().statusCode(400).body("violations.field", hasItem("orderId"));
        for (String limit : List.of("0", "201", "ten")) {
            asAdmin().queryParam("limit", limit).get("/notifications")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("limit"));
        }
    }

    private UUID sendConfirmation() {
        UUID orderId = UUID.randomUUID();
        String address = newAddress("list");
        publish(kafka, confirmed(orderId, address, "Ada Lovelace"));
        MailInbox.of(address).await(1);
        OrderEvents.awaitNotifications(orderId, 1);
        return orderId;
    }
}
