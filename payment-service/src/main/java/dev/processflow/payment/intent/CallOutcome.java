package dev.processflow.payment.intent;

import dev.processflow.payment.gateway.GatewayUnavailableException;

/** What one call to the provider brought: a definitive answer, or a failure that may pass. */
public sealed interface CallOutcome<T> {

    record Answered<T>(T result) implements CallOutcome<T> {
    }

    record Unavailable<T>(GatewayUnavailableException failure) implements CallOutcome<T> {
    }
}
