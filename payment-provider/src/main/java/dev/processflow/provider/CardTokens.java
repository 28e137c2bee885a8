package dev.processflow.provider;

import java.util.regex.Pattern;

/** What the simulated card networks answer for each test token; a token is a reference, never card data. */
final class CardTokens {

    /** The shape of the tokens this provider issues. Anything else is never stored or echoed, not even hashed. */
    private static final Pattern TOKEN = Pattern.compile("tok_[A-Za-z0-9_]{1,100}");

    sealed interface Verdict {
    }

    record Approve(String brand, String last4) implements Verdict {
    }

    record Decline(String code, String message) implements Verdict {
    }

    /** The card network could not process the request now; nothing is held and nothing is stored under the key. */
    record ProcessingError() implements Verdict {
    }

    private CardTokens() {
    }

    static Verdict evaluate(String token) {
        return switch (token) {
            case "tok_visa" -> new Approve("visa", "4242");
            case "tok_mastercard" -> new Approve("mastercard", "4444");
            case "tok_chargeDeclined" -> new Decline("card_declined", "The card was declined.");
            case "tok_chargeDeclinedInsufficientFunds" ->
                    new Decline("insufficient_funds", "The card has insufficient funds to complete the purchase.");
            case "tok_chargeDeclinedExpiredCard" -> new Decline("expired_card", "The card has expired.");
            case "tok_chargeDeclinedProcessingError" -> new ProcessingError();
            default -> new Decline("invalid_token", "No such payment token.");
        };
    }

    /** The token as it may enter a fingerprint: itself if it has a token's shape, a fixed marker otherwise. */
    static String canonical(String token) {
        return TOKEN.matcher(token).matches() ? token : "<not a token>";
    }
}
