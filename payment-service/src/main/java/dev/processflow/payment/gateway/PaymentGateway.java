package dev.processflow.payment.gateway;

/**
 * A payment provider. Implementations are CDI beans qualified with {@code @Identifier("<name>")} and chosen by
 * {@code processflow.payment.gateway}. Every call carries the payment id as idempotency key, so repeating a call
 * whose outcome was lost never charges twice. A failure whose outcome is unknown or temporary (timeout, connection
 * refused, 5xx) must be raised as {@link GatewayUnavailableException}: only that is retried in-line. Neither
 * results nor exception messages may carry the token or any card data: they end up in logs and history.
 */
public interface PaymentGateway {

    /** Holds the amount on the card behind the token: approved with a reference for capture and void, or declined. */
    AuthorizationResult authorize(AuthorizationRequest request);

    void capture(SettlementRequest request);

    void voidAuthorization(SettlementRequest request);
}
