package dev.processflow.payment.authorization;

import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.payment.LogCapture;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.payment.ProviderLedger;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationTest {

    private static final List<String> TOKENS = List.of("tok_visa", "tok_mastercard", "tok_chargeDeclined",
            "tok_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedExpiredCard", "tok_chargeDeclinedProcessingError",
            "tok_doesNotExist");

    private final PaymentDriver driver = new PaymentDriver();
    private LogCapture logs;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    /** No token reaches a log line, whatever the outcome. */
    @AfterEach
    void noTokenWasLogged() {
        logs.close();
        assertThat(logs.lines()).noneMatch(line -> TOKENS.stream().anyMatch(line::contains));
    }

    @AfterAll
    void close() {
        driver.close();
    }

    @ParameterizedTest
    @CsvSource({"tok_visa, visa, 4242", "tok_mastercard, mastercard, 4444"})
    void approvedTokensAreAuthorizedWithBrandAndLastFour(String token, String brand, String last4) {
        UUID orderId = UUID.randomUUID();
        driver.send(placed(orderId, token, 2599));

        ConsumerRecord<String, String> record = driver.await(EventType.PAYMENT_AUTHORIZED, orderId);
        assertThat(TestEvents.header(record, "ce_source")).isEqualTo("/processflow/payment-service");
        assertThat(TestEvents.header(record, "ce_subject")).isEqualTo(orderId.toString());
        assertThat(record.value()).doesNotContain(token);
        CloudEvent<?> event = TestEvents.decode(record);
        PaymentAuthorized authorized = (PaymentAuthorized) event.data();
        assertThat(authorized.orderId()).isEqualTo(orderId);
        assertThat(authorized.amount()).isEqualTo(Money.of(2599, "EUR"));
        assertThat(authorized.cardBrand()).isEqualTo(brand);
        assertThat(authorized.last4()).isEqualTo(last4);

        String body = TestUsers.asAdmin().get("/payments/" + orderId).then().statusCode(200).extract().asString();
        assertThat(body).doesNotContain(token);
        JsonPath view = payment(orderId);
        assertThat(view.getString("orderId")).isEqualTo(orderId.toString());
        assertThat(view.getString("paymentId")).isEqualTo(authorized.paymentId().toString());
        assertThat(view.getString("status")).isEqualTo("AUTHORIZED");
        assertThat(view.getLong("amount.amount")).isEqualTo(2599);
        assertThat(view.getString("amount.currency")).isEqualTo("EUR");
        assertThat(view.getString("cardBrand")).isEqualTo(brand);
        assertThat(view.getString("last4")).isEqualTo(last4);
        assertThat(view.getString("declineCode")).isNull();
        assertThat(view.getList("history.action", String.class)).containsExactly("AUTHORIZED");
        assertThat(view.getList("history.status", String.class)).containsExactly("AUTHORIZED");
        assertThat(view.getString("history[0].at")).isNotBlank();
        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).isEmpty();

        List<Map<String, Object>> held = ProviderLedger.authorizations(orderId);
        assertThat(held).hasSize(1);
        assertThat(held.get(0)).containsEntry("status", "authorized").containsEntry("amount", 2599);
        assertThat(held.get(0).get("id")).isEqualTo(storedReference(orderId));
        assertThat(ProviderLedger.requests(orderId, orderId + ":authorize")).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "tok_chargeDeclined, card_declined",
        "tok_chargeDeclinedInsufficientFunds, insufficient_funds",
        "tok_chargeDeclinedExpiredCard, expired_card",
        "tok_doesNotExist, invalid_token"
    })
    void declineTokensAreDeclinedWithTheirCode(String token, String declineCode) {
        UUID orderId = UUID.randomUUID();
        driver.send(placed(orderId, token, 1999));

        ConsumerRecord<String, String> record = driver.await(EventType.PAYMENT_DECLINED, orderId);
        assertThat(record.value()).doesNotContain(token);
        PaymentDeclined declined = (PaymentDeclined) TestEvents.decode(record).data();
        assertThat(declined.orderId()).isEqualTo(orderId);
        assertThat(declined.declineCode()).isEqualTo(declineCode);
        assertThat(declined.detail()).isNotBlank();

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("DECLINED");
        assertThat(view.getString("declineCode")).isEqualTo(declineCode);
        assertThat(view.getLong("amount.amount")).isEqualTo(1999);
        assertThat(view.getString("cardBrand")).isNull();
        assertThat(view.getList("history.action", String.class)).containsExactly("DECLINED");
        assertThat(view.getString("history[0].detail")).startsWith(declineCode);
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, orderId)).isEmpty();
        assertThat(storedToken(orderId)).isNull();
        assertThat(ProviderLedger.authorizations(orderId)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("status", "declined").containsEntry("declineCode", declineCode));
    }

    /**
     * A processing error is retried with backoff by the intent runner; meanwhile the consumer goes on: an order
     * queued right behind it on the same partition is authorized long before it is declined.
     */
    @Test
    void processingErrorIsRetriedInTheBackgroundAndDeclinedWithoutBlockingOtherOrders() {
        double callsBefore = failedCalls();
        UUID failing = UUID.randomUUID();
        UUID behind = driver.sameRoute(failing);
        driver.send(placed(failing, "tok_chargeDeclinedProcessingError", 4200), placed(behind, "tok_visa", 1000));

        driver.await(EventType.PAYMENT_AUTHORIZED, behind);
        ConsumerRecord<String, String> record = driver.await(EventType.PAYMENT_DECLINED, failing, Duration.ofSeconds(20));
        PaymentDeclined declined = (PaymentDeclined) TestEvents.decode(record).data();
        assertThat(declined.declineCode()).isEqualTo("processing_error");
        assertThat(record.value()).doesNotContain("tok_");

        JsonPath failed = payment(failing);
        assertThat(failed.getString("status")).isEqualTo("DECLINED");
        assertThat(failed.getString("declineCode")).isEqualTo("processing_error");
        assertThat(failed.getList("history.action", String.class))
                .containsExactly("RETRY_SCHEDULED", "RETRY_SCHEDULED", "DECLINED");
        assertThat(failed.getString("history[0].detail")).contains("attempt 1 of 3");
        assertThat(failed.getString("history[1].detail")).contains("attempt 2 of 3");
        Instant firstFailure = Instant.parse(failed.getString("history[0].at"));
        Instant finalDecline = Instant.parse(failed.getString("history[2].at"));

        Instant behindAuthorized = Instant.parse(payment(behind).getString("history[0].at"));
        assertThat(behindAuthorized).isBefore(finalDecline);
        // test profile: 3 attempts, 200 ms then 400 ms apart
        assertThat(Duration.between(firstFailure, finalDecline)).isLessThan(Duration.ofSeconds(5));
        assertThat(failedCalls() - callsBefore).isGreaterThanOrEqualTo(3);
        assertThat(ProviderLedger.authorizations(failing)).isEmpty();
        assertThat(storedToken(failing)).isNull();
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, failing)).isEmpty();
        assertThat(driver.events(EventType.PAYMENT_DECLINED, failing)).hasSize(1);
        // the failures are logged (and this test's log capture sees them) without the token, checked after each test
        assertThat(logs.lines()).anyMatch(line -> line.contains("authorize " + failing + ":authorize (attempt 1) failed"));
    }

    /** The token is stored exactly while the authorization may still be sent (retries need it), never shown over REST. */
    @Test
    void pendingAuthorizationKeepsItsTokenOnlyUntilDecidedAndNeverShowsIt() throws InterruptedException {
        UUID orderId = UUID.randomUUID();
        driver.send(placed(orderId, "tok_chargeDeclinedProcessingError", 777));

        List<String> samples = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(20);
        while (driver.events(EventType.PAYMENT_DECLINED, orderId).isEmpty() && Instant.now().isBefore(deadline)) {
            Object[] row = storedState(orderId);
            if (row != null) {
                samples.add(row[0] + (row[1] == null ? " without token" : " with token"));
                String body = TestUsers.asAdmin().get("/payments/" + orderId).then().statusCode(200).extract().asString();
                assertThat(body).doesNotContain("tok_");
            }
            Thread.sleep(50);
        }

        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).hasSize(1);
        assertThat(samples).contains("PENDING with token")
                .allMatch(s -> s.equals("PENDING with token") || s.equals("DECLINED without token"));
        assertThat(storedToken(orderId)).isNull();
        assertThat(payment(orderId).getString("status")).isEqualTo("DECLINED");
    }

    private double failedCalls() {
        return Search.in(registry).name("processflow.payment.provider.calls").tag("action", "authorize")
                .tag("outcome", "unavailable").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private String storedToken(UUID orderId) {
        return (String) entityManager.createNativeQuery("SELECT token FROM payment_intent WHERE order_id = ?1")
                .setParameter(1, orderId).getSingleResult();
    }

    private String storedReference(UUID orderId) {
        return (String) entityManager.createNativeQuery("SELECT gateway_reference FROM payment WHERE order_id = ?1")
                .setParameter(1, orderId).getSingleResult();
    }

    private Object[] storedState(UUID orderId) {
        List<?> rows = entityManager.createNativeQuery("SELECT p.status, i.token FROM payment p "
                + "JOIN payment_intent i ON i.order_id = p.order_id WHERE p.order_id = ?1")
                .setParameter(1, orderId).getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }
}
