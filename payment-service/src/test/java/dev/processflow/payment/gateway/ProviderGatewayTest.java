package dev.processflow.payment.gateway;

import io.opentelemetry.api.OpenTelemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.events.Money;
import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import dev.processflow.payment.gateway.GatewayUnavailableException.Outcome;
import dev.processflow.provider.PaymentProvider;
import dev.processflow.provider.ProviderConfig;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP gateway against a real provider simulator: what each answer and each failure means to the caller. */
class ProviderGatewayTest {

    private static final String ADMIN = "local-only-gateway-test-admin";
    private static final String API_KEY = "local-only-gateway-test-api-key";
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private PaymentProvider provider;
    private ProviderGateway gateway;

    @BeforeEach
    void start() throws IOException {
        provider = start(Duration.ofDays(7));
    }

    private PaymentProvider start(Duration holdExpiry) throws IOException {
        PaymentProvider started = PaymentProvider.start(new ProviderConfig("127.0.0.1", 0, dir.resolve("journal"),
                holdExpiry, API_KEY, Optional.of(ADMIN), false));
        gateway = gatewayAt(URI.create(started.url()));
        return started;
    }

    private static ProviderGateway gatewayAt(URI url) {
        return gatewayAt(url, API_KEY);
    }

    private static ProviderGateway gatewayAt(URI url, String apiKey) {
        return new ProviderGateway(new ObjectMapper(), OpenTelemetry.noop(), Optional.of(url), Optional.of(apiKey),
                Duration.ofMillis(500), READ_TIMEOUT);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private static AuthorizationRequest request(String token) {
        UUID orderId = UUID.randomUUID();
        return new AuthorizationRequest(orderId + ":authorize", orderId, Money.of(1999, "EUR"), token);
    }

    private void faults(String json) {
        RestAssured.given().baseUri(provider.url()).auth().oauth2(ADMIN).contentType(ContentType.JSON).body(json)
                .put("/admin/faults").then().statusCode(200);
    }

    @ParameterizedTest
    @CsvSource({"tok_visa, visa, 4242", "tok_mastercard, mastercard, 4444"})
    void approvalCarriesTheProvidersReferenceAndTheCardsBrand(String token, String brand, String last4) {
        Approved approved = (Approved) gateway.authorize(request(token));
        assertThat(approved.reference()).startsWith("auth_");
        assertThat(approved.cardBrand()).isEqualTo(brand);
        assertThat(approved.last4()).isEqualTo(last4);
    }

    @ParameterizedTest
    @CsvSource({"tok_chargeDeclined, card_declined", "tok_chargeDeclinedExpiredCard, expired_card", "tok_nope, invalid_token"})
    void cardErrorsAreDeclines(String token, String code) {
        assertThat(((Declined) gateway.authorize(request(token))).code()).isEqualTo(code);
    }

    @Test
    void sameKeyGetsTheSameAuthorization() {
        AuthorizationRequest request = request("tok_visa");
        assertThat(gateway.authorize(request)).isEqualTo(gateway.authorize(request));
    }

    @Test
    void processingErrorIsTransientAndProvesNothingIsHeldUnderTheKey() {
        GatewayUnavailableException e = catchThrowableOfType(GatewayUnavailableException.class,
                () -> gateway.authorize(request("tok_chargeDeclinedProcessingError")));
        assertThat(e.outcome()).isEqualTo(Outcome.NOTHING_HELD);
        assertThat(e.providerAnswered()).isTrue();
        assertThat(e.getMessage()).contains("503").doesNotContain("tok_");
    }

    @Test
    void unreachableProviderIsTransientAndSurelyNotApplied() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayUnavailableException e = catchThrowableOfType(GatewayUnavailableException.class,
                () -> gatewayAt(URI.create("http://127.0.0.1:" + closedPort)).authorize(request("tok_visa")));
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.providerAnswered()).isFalse();
        assertThat(e.getMessage()).contains("unreachable");
    }

    /** A wrong key is the shop's configuration, not the customer's card: retried once fixed, never a decline. */
    @Test
    void refusedApiKeyIsTransientNotApplied() {
        ProviderGateway wrongKey = gatewayAt(URI.create(provider.url()), "sk_rotated_away");
        AuthorizationRequest request = request("tok_visa");

        GatewayUnavailableException e = catchThrowableOfType(GatewayUnavailableException.class,
                () -> wrongKey.authorize(request));
        Approved afterFix = (Approved) gateway.authorize(request);

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.providerAnswered()).isFalse();
        assertThat(e.getMessage()).contains("401").contains("processflow.payment.provider.api-key")
                .doesNotContain("sk_rotated_away");
        assertThat(afterFix.reference()).startsWith("auth_");
        assertThat(catchThrowableOfType(GatewayUnavailableException.class, () -> wrongKey.capture(
                new SettlementRequest("k-capture-wrong-key", afterFix.reference(), Money.of(1999, "EUR"))))
                .outcome()).isEqualTo(Outcome.NOT_APPLIED);
    }

    @Test
    void answerSlowerThanTheReadTimeoutLeavesTheOutcomeUnknown() {
        faults("{\"hangMs\": 1500}");
        long started = System.nanoTime();
        GatewayUnavailableException e = catchThrowableOfType(GatewayUnavailableException.class,
                () -> gateway.authorize(request("tok_visa")));
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
    }

    /** An injected 503 comes before the key is looked at: this request was not applied, an earlier one may have been. */
    @Test
    void droppedConnectionLeavesTheOutcomeUnknownAndAnInjected503ProvesOnlyThisRequestFailed() {
        faults("{\"refuse\": true}");
        assertThat(catchThrowableOfType(GatewayUnavailableException.class,
                () -> gateway.authorize(request("tok_visa"))).outcome()).isEqualTo(Outcome.UNKNOWN);
        faults("{\"errorRate\": 1.0}");
        GatewayUnavailableException injected = catchThrowableOfType(GatewayUnavailableException.class,
                () -> gateway.authorize(request("tok_visa")));
        assertThat(injected.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(injected.providerAnswered()).isTrue();
    }

    @Test
    void settlementsAreIdempotentAndTheirRefusalsDefinitive() {
        Approved approved = (Approved) gateway.authorize(request("tok_visa"));
        SettlementRequest capture = new SettlementRequest("k-capture", approved.reference(), Money.of(1999, "EUR"));
        assertThat(gateway.capture(capture)).isEqualTo(new SettlementResult.Settled(null));
        assertThat(gateway.capture(capture)).isEqualTo(new SettlementResult.Settled(null));
        assertThat(gateway.capture(new SettlementRequest("k-other", approved.reference(), Money.of(1999, "EUR"))))
                .isInstanceOf(SettlementResult.Settled.class);
        SettlementResult voidCaptured = gateway.voidAuthorization(
                new SettlementRequest("k-void", approved.reference(), Money.of(1999, "EUR")));
        assertThat(voidCaptured).isInstanceOf(SettlementResult.Refused.class);
        assertThat(((SettlementResult.Refused) voidCaptured).code()).isEqualTo("authorization_captured");
        assertThat(gateway.capture(new SettlementRequest("k-missing", "auth_missing", Money.of(1, "EUR"))))
                .isInstanceOf(SettlementResult.Refused.class);
    }

    @Test
    void lapsedHoldCannotBeCapturedButNeedsNoVoid() throws Exception {
        provider.close();
        provider = start(Duration.ofMillis(200));
        Approved first = (Approved) gateway.authorize(request("tok_visa"));
        Approved second = (Approved) gateway.authorize(request("tok_visa"));
        Thread.sleep(400);

        SettlementResult capture = gateway.capture(new SettlementRequest("k1", first.reference(), Money.of(1999, "EUR")));
        SettlementResult voided = gateway.voidAuthorization(new SettlementRequest("k2", second.reference(), Money.of(1999, "EUR")));

        assertThat(capture).isInstanceOf(SettlementResult.Refused.class);
        assertThat(((SettlementResult.Refused) capture).code()).isEqualTo("authorization_expired");
        assertThat(voided).isInstanceOf(SettlementResult.Settled.class);
        assertThat(((SettlementResult.Settled) voided).detail()).contains("lapsed");
    }
}
