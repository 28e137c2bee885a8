package dev.processflow.payment.gateway;

/**
 * A payment provider. Implementations are CDI beans qualified with {@code @Identifier("<name>")} and chosen by
 * {@code processflow.payment.gateway}. Every call carries the caller's idempotency key (the durable intent's id), so
 * repeating a call whose answer was lost returns the provider's first result and never acts twice.
 * <p>
 * Definitive answers are results. A failure that may pass is a {@link GatewayUnavailableException}, which says
 * whether the request may have been applied (a timeout, a dropped connection) or surely was not (connection refused,
 * the provider's own "try again" answer). Implementations never throw for a definitive answer. Neither results nor
 * exception messages may carry the token or any card data: they end up in logs and history.
 */
public interface PaymentGateway {

    /** Holds the amount on the card behind the token: approved with a reference for capture and void, or declined. */
    AuthorizationResult authorize(AuthorizationRequest request);

    SettlementResult capture(SettlementRequest request);

    SettlementResult voidAuthorization(SettlementRequest request);
}
