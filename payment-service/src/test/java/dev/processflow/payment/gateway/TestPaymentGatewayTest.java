package dev.processflow.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.events.Money;
import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPaymentGatewayTest {

    private final TestPaymentGateway gateway = new TestPaymentGateway();

    @ParameterizedTest
    @CsvSource({"tok_visa, visa, 4242", "tok_mastercard, mastercard, 4444"})
    void approvingTokensReportBrandAndLastFour(String token, String brand, String last4) {
        AuthorizationRequest request = request(token);
        AuthorizationResult result = gateway.authorize(request);
        assertThat(result).isEqualTo(new Approved("test_auth_" + request.paymentId(), brand, last4));
    }

    @ParameterizedTest
    @CsvSource({
        "tok_chargeDeclined, card_declined",
        "tok_chargeDeclinedInsufficientFunds, insufficient_funds",
        "tok_chargeDeclinedExpiredCard, expired_card",
        "tok_unheardOf, invalid_token",
        "tok_VISA, invalid_token",
        "4242424242424242, invalid_token"
    })
    void decliningTokensReportTheirCode(String token, String code) {
        AuthorizationResult result = gateway.authorize(request(token));
        assertThat(result).isInstanceOf(Declined.class);
        assertThat(((Declined) result).code()).isEqualTo(code);
        assertThat(((Declined) result).detail()).isNotBlank();
    }

    @Test
    void processingErrorIsTransientEveryTime() {
        AuthorizationRequest request = request("tok_chargeDeclinedProcessingError");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> gateway.authorize(request)).isInstanceOf(GatewayUnavailableException.class);
        }
    }

    @Test
    void captureAndVoidAcceptOnlyItsOwnAuthorizations() {
        AuthorizationRequest request = request("tok_visa");
        Approved approved = (Approved) gateway.authorize(request);
        SettlementRequest own = new SettlementRequest(request.paymentId(), approved.reference(), request.amount());
        gateway.capture(own);
        gateway.voidAuthorization(own);

        SettlementRequest foreign = new SettlementRequest(UUID.randomUUID(), approved.reference(), request.amount());
        assertThatThrownBy(() -> gateway.capture(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gateway.voidAuthorization(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsNeverPrintTheirToken() {
        assertThat(request("tok_visa").toString()).doesNotContain("tok_visa").contains("amount");
    }

    private static AuthorizationRequest request(String token) {
        return new AuthorizationRequest(UUID.randomUUID(), UUID.randomUUID(), Money.of(1999, "EUR"), token);
    }
}
