package dev.processflow.payment.gateway;

import java.util.Objects;

/** The gateway's definitive answer to a capture or a void. */
public sealed interface SettlementResult {

    /** Done; {@code detail} says how when there is more to say (say, a void of a hold that had already lapsed). */
    record Settled(String detail) implements SettlementResult {
    }

    /** The provider will never do it (the hold lapsed before a capture, the authorization is unknown, ...). */
    record Refused(String code, String detail) implements SettlementResult {

        public Refused {
            Objects.requireNonNull(code, "code");
        }
    }
}
