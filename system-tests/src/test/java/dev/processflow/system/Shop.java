package dev.processflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.stack.Stack;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The purchase flow's public API, as a client application uses it. */
final class Shop {

    private final Http http = new Http();
    private final StackLayout layout;

    Shop(StackLayout layout) {
        this.layout = layout;
    }

    private String url(String service, String path) {
        return layout.service(service).url() + path;
    }

    void putProduct(String sku, long price, int onHand) {
        try {
            Http.Reply reply = http.put(url("inventory-service", "/products/" + sku),
                    "{\"name\": \"System test " + sku + "\", \"price\": {\"amount\": " + price
                            + ", \"currency\": \"EUR\"}, \"onHand\": " + onHand + "}", "admin", "admin");
            if (reply.status() >= 300) {
                throw new IllegalStateException("PUT /products/" + sku + " gave " + reply.status() + ": " + reply.raw());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Places an order the way a well-behaved client does: retries with the same Idempotency-Key while the service
     * is unreachable or not yet knows the SKU, until the deadline. Empty if it never got a 202.
     */
    Optional<String> placeOrder(String key, String email, String sku, int quantity, String token, Duration patience) {
        String body = """
                {"customer": {"email": %s, "name": "System Test"}, "items": [{"sku": %s, "quantity": %d}],
                 "paymentToken": %s}""".formatted(Http.quote(email), Http.quote(sku), quantity, Http.quote(token));
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            try {
                Http.Reply reply = http.post(url("order-service", "/orders"), body, Map.of("Idempotency-Key", key));
                if (reply.status() == 202) {
                    return Optional.of(reply.body().get("id").asText());
                }
                if (reply.status() != 422 && reply.status() < 500) {
                    throw new IllegalStateException("POST /orders gave " + reply.status() + ": " + reply.raw());
                }
            } catch (IOException e) {
                // the service is down or restarting: retry with the same key
            }
            sleep(Duration.ofMillis(250));
        }
        return Optional.empty();
    }

    JsonNode order(String id) {
        return getOk(url("order-service", "/orders/" + id));
    }

    Optional<JsonNode> payment(String orderId) {
        return getOptional(url("payment-service", "/payments/" + orderId));
    }

    JsonNode product(String sku) {
        return getOk(url("inventory-service", "/products/" + sku));
    }

    JsonNode notifications(String orderId) {
        return getOk(url("notification-service", "/notifications?orderId=" + orderId));
    }

    /**
     * The payment provider's ledger (the simulator's admin API): every authorization it holds or declined, by the
     * order it was made for.
     */
    Map<String, List<JsonNode>> ledger() {
        try {
            Http.Reply reply = http.get(layout.providerUrl() + "/admin/ledger",
                    Map.of("Authorization", "Bearer " + Stack.PROVIDER_ADMIN_TOKEN));
            if (reply.status() != 200) {
                throw new IllegalStateException("GET /admin/ledger gave " + reply.status() + ": " + reply.raw());
            }
            Map<String, List<JsonNode>> byOrder = new HashMap<>();
            reply.body().get("authorizations").forEach(a ->
                    byOrder.computeIfAbsent(a.get("reference").asText(), k -> new ArrayList<>()).add(a));
            return byOrder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message the SMTP server received. */
    List<JsonNode> mails() {
        JsonNode all = getOk(layout.mailUrl());
        List<JsonNode> mails = new ArrayList<>();
        all.forEach(mails::add);
        return mails;
    }

    Http http() {
        return http;
    }

    String orderServiceUrl() {
        return layout.service("order-service").url();
    }

    String inventoryServiceUrl() {
        return layout.service("inventory-service").url();
    }

    private JsonNode getOk(String url) {
        try {
            Http.Reply reply = http.get(url);
            if (reply.status() != 200) {
                throw new IllegalStateException("GET " + url + " gave " + reply.status() + ": " + reply.raw());
            }
            return reply.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> getOptional(String url) {
        try {
            Http.Reply reply = http.get(url);
            if (reply.status() == 404) {
                return Optional.empty();
            }
            if (reply.status() != 200) {
                throw new IllegalStateException("GET " + url + " gave " + reply.status() + ": " + reply.raw());
            }
            return Optional.of(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
