package dev.processflow.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** An amount in integer minor units (cents) of an ISO 4217 currency; never floating point. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!isIsoCode(currency)) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
    }

    /** Three letters A-Z: checked by hand, as every amount of every event and request passes here. */
    private static boolean isIsoCode(String currency) {
        if (currency.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = currency.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amount, quantity), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amount, other.amount), currency);
    }
}
