package dev.processflow.notification.api;

import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.publish;
import static dev.processflow.notification.OrderEvents.rejected;
import static dev.processflow.testsupport.TestUsers.asAda;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static dev.processflow.testsupport.TestUsers.asGrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.processflow.events.order.RejectionReason;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.SignInChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Notifications (recipient addresses, subjects) are listed to the order's customer and admins. Someone else's order
 * answers the empty list of an order without notifications, so it discloses nothing; the unfiltered listing of
 * everyone's is for admins only.
 */
@QuarkusTest
class NotificationAccessTest {

    private final KafkaCompanion kafka = OrderEvents.kafka();

    @Test
    void anOrdersNotificationsAreListedToItsCustomerAndAdminsOnly() {
        UUID adas = UUID.randomUUID();
        String address = newAddress("ada");
        publish(kafka, confirmed(adas, address, "Ada Lovelace"));
        MailInbox.of(address).await(1);
        OrderEvents.awaitNotifications(adas, 1);

        asAda().queryParam("orderId", adas.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].to", equalTo(address));
        asAdmin().queryParam("orderId", adas.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1));
        String unknown = asGrace().queryParam("orderId", UUID.randomUUID().toString()).get("/notifications")
                .then().statusCode(200).extract().asString();
        String someoneElses = asGrace().queryParam("orderId", adas.toString()).get("/notifications")
                .then().statusCode(200).extract().asString();
        assertThat(someoneElses).isEqualTo(unknown).isEqualTo("[]");
    }

    @Test
    void aRejectionBelongsToTheCustomerItNames() {
        UUID graces = UUID.randomUUID();
        String address = newAddress("grace");
        publish(kafka, rejected(graces, address, RejectionReason.OUT_OF_STOCK, "SKU-002 is sold out"));
        MailInbox.of(address).await(1);
        OrderEvents.awaitNotifications(graces, 1);

        asGrace().queryParam("orderId", graces.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].type", equalTo("REJECTION"));
        asAda().queryParam("orderId", graces.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void theUnfilteredListingIsForAdminsOnly() {
        asAda().get("/notifications").then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403));
        asAda().queryParam("limit", 5).get("/notifications").then().statusCode(403);
        asAdmin().queryParam("limit", 5).get("/notifications").then().statusCode(200);
    }

    @Test
    void everyListingRefusesCallersWhoAreNotSignedIn() {
        for (String path : List.of("/notifications", "/notifications?orderId=" + UUID.randomUUID())) {
            SignInChecks.assertRefusesUnauthenticated("GET", path);
        }
    }
}
