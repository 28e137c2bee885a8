package dev.processflow.payment.flow;

import static dev.processflow.payment.PaymentDriver.placed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.payment.ProviderFaultTest;
import dev.processflow.payment.ProviderLedger;
import io.micrometer.core.instrument.DistributionSummary;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The provider's answers that arrive together are recorded in one transaction, and an answer whose recording fails
 * (here a database trigger refuses its history entry) holds back none of the others: it is recorded once the database
 * takes it, after its claim's lease, from the same call made again with the same key.
 */
@QuarkusTest
class AnswerWindowTest extends ProviderFaultTest {

    @Test
    void answersArrivingTogetherAreRecordedTogetherAndAFailingOneAlone() {
        List<UUID> orders = Stream.generate(UUID::randomUUID).limit(8).toList();
        UUID refused = orders.get(3);
        sql("CREATE FUNCTION refuse_authorized_history() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.order_id = '" + refused + "' AND NEW.action = 'AUTHORIZED' THEN "
                + "RAISE EXCEPTION 'history refused by the test'; END IF; RETURN NEW; END $$");
        sql("CREATE TRIGGER refuse_authorized_history BEFORE INSERT ON payment_history FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_authorized_history()");
        double[] windowsBefore = windows();
        try {
            // a slow provider: the calls started together answer together
            ProviderLedger.faults("{\"latencyMs\": 500, \"operations\": [\"authorize\"]}");
            driver.send(orders.stream().map(id -> placed(id, "tok_visa", 1500)).toArray(CloudEvent[]::new));
            // well before the 6 s lease an answer held back by the refused one would wait out
            orders.stream().filter(id -> !id.equals(refused))
                    .forEach(id -> driver.await(EventType.PAYMENT_AUTHORIZED, id, Duration.ofSeconds(5)));

            assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, refused)).isEmpty();
            double[] windowsAfter = windows();
            // more answers recorded than windows: some window held more than one
            assertThat(windowsAfter[1] - windowsBefore[1]).isGreaterThan(windowsAfter[0] - windowsBefore[0]);
        } finally {
            sql("DROP TRIGGER refuse_authorized_history ON payment_history");
            sql("DROP FUNCTION refuse_authorized_history()");
        }
        driver.await(EventType.PAYMENT_AUTHORIZED, refused, Duration.ofSeconds(30));
        assertThat(ProviderLedger.authorizations(refused)).hasSize(1);
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, refused)).hasSize(1);
        assertThat(count("SELECT count(*) FROM payment_history WHERE order_id = '" + refused
                + "' AND action = 'AUTHORIZED'")).isEqualTo(1);
    }

    /** How many windows were recorded, and how many answers they held. */
    private double[] windows() {
        DistributionSummary windows = registry.find("processflow.payment.answers.window").summary();
        return windows == null ? new double[] {0, 0} : new double[] {windows.count(), windows.totalAmount()};
    }
}
