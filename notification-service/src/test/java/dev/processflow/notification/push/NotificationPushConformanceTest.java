package dev.processflow.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;

/**
 * The conformance suite over HTTP push as Knative delivers it: pull consumer off, tokens of the orders relay; and
 * every delivery that push must refuse.
 */
@QuarkusTest
@TestProfile(KnativePush.class)
class NotificationPushConformanceTest extends NotificationConformance implements PushRefusals {

    /** A rejection to a new address: applied, it sends one email there. */
    @Override
    public CloudEvent<?> probe() {
        return OrderEvents.rejected(UUID.randomUUID(), OrderEvents.newAddress("probe"), RejectionReason.OUT_OF_STOCK, null);
    }

    @Override
    public void assertNotApplied(CloudEvent<?> probe) {
        assertThat(MailInbox.of(recipient(probe)).messages()).isEmpty();
    }

    @Override
    public void assertApplied(CloudEvent<?> probe) {
        assertThat(MailInbox.of(recipient(probe)).await(1)).hasSize(1);
    }

    private static String recipient(CloudEvent<?> probe) {
        return ((OrderRejected) probe.data()).customer().email();
    }
}
