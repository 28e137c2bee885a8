package dev.processflow.payment.gateway;

import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The built-in gateway: no network, outcomes chosen by well-known test tokens, so every path of the flow can be
 * driven end to end. Deterministic, so a retry sees the same outcome as the first call.
 */
@ApplicationScoped
@Identifier(TestPaymentGateway.NAME)
public class TestPaymentGateway implements PaymentGateway {

    public static final String NAME = "test";

    @Override
    public AuthorizationResult authorize(AuthorizationRequest request) {
        String reference = "test_auth_" + request.paymentId();
        return switch (request.token()) {
            case "tok_visa" -> new Approved(reference, "visa", "4242");
            case "tok_mastercard" -> new Approved(reference, "mastercard", "4444");
            case "tok_chargeDeclined" -> new Declined(DeclineCodes.CARD_DECLINED, "the card was declined");
            case "tok_chargeDeclinedInsufficientFunds" ->
                    new Declined(DeclineCodes.INSUFFICIENT_FUNDS, "the card has insufficient funds");
            case "tok_chargeDeclinedExpiredCard" -> new Declined(DeclineCodes.EXPIRED_CARD, "the card has expired");
            case "tok_chargeDeclinedProcessingError" ->
                    throw new GatewayUnavailableException("the test gateway simulates a processing error");
            default -> new Declined(DeclineCodes.INVALID_TOKEN, "the payment token is not known to the gateway");
        };
    }

    @Override
    public void capture(SettlementRequest request) {
        requireOwnReference(request);
    }

    @Override
    public void voidAuthorization(SettlementRequest request) {
        requireOwnReference(request);
    }

    private static void requireOwnReference(SettlementRequest request) {
        if (!request.reference().equals("test_auth_" + request.paymentId())) {
            throw new IllegalArgumentException("no authorization " + request.reference() + " for payment " + request.paymentId());
        }
    }
}
