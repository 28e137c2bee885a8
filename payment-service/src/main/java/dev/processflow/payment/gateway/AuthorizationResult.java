package dev.processflow.payment.gateway;

import java.util.Objects;

/** The gateway's final answer to an authorization. */
public sealed interface AuthorizationResult {

    /** {@code reference} identifies the authorization at the gateway; brand and last4 are all we keep of the card. */
    record Approved(String reference, String cardBrand, String last4) implements AuthorizationResult {

        public Approved {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** {@code code} is one of {@link DeclineCodes}; {@code detail} is a sentence for people. */
    record Declined(String code, String detail) implements AuthorizationResult {

        public Declined {
            Objects.requireNonNull(code, "code");
        }
    }
}
