package dev.processflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.stack.RealmTokens;
import dev.processflow.stack.Stack;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The purchase flow's public API, as a client application uses it: signed in to the stack's Keycloak by password
 * grant, customers ({@code ada}, {@code grace}) place orders and the operator ({@code admin}) writes the catalog and
 * reads every order, payment and notification. Tokens are refreshed before they expire, so long runs keep going.
 */
final class Shop {

    static final String ADMIN = "admin";
    private static final Pattern ORDER_REF = Pattern.compile("Your order ([0-9A-F]{8}) ");

    private final Http http = new Http();
    private final StackLayout layout;
    private final RealmTokens tokens;
    private final Map<String, RealmTokens.Session> sessions = new ConcurrentHashMap<>();

    Shop(StackLayout layout) {
        this.layout = layout;
        this.tokens = RealmTokens.of(layout);
    }

    /** A valid access token of this demo user. */
    String token(String user) {
        return sessions.computeIfAbsent(user, tokens::session).accessToken();
    }

    private String url(String service, String path) {
        return layout.service(service).url() + path;
    }

    void putProduct(String sku, long price, int onHand) {
        try {
            Http.Reply reply = http.put(url("inventory-service", "/products/" + sku),
                    "{\"name\": \"System test " + sku + "\", \"price\": {\"amount\": " + price
                            + ", \"currency\": \"EUR\"}, \"onHand\": " + onHand + "}", token(ADMIN));
            if (reply.status() >= 300) {
                throw new IllegalStateException("PUT /products/" + sku + " gave " + reply.status() + ": " + reply.raw());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Places an order as this customer the way a well-behaved client does: retries with the same Idempotency-Key
     * while the service is unreachable or not yet knows the SKU, until the deadline. Empty if it never got a 202.
     */
    Optional<String> placeOrder(String key, String customer, String sku, int quantity, String paymentToken,
            Duration patience) {
        String body = """
                {"items": [{"sku": %s, "quantity": %d}], "paymentToken": %s}"""
                .formatted(Http.quote(sku), quantity, Http.quote(paymentToken));
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            try {
                Http.Reply reply = http.post(url("order-service", "/orders"), body,
                        Map.of("Idempotency-Key", key, "Authorization", "Bearer " + token(customer)));
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

    /** The order as the operator sees it. */
    JsonNode order(String id) {
        return getOk(url("order-service", "/orders/" + id));
    }

    /** GET {@code path} of order-service as this user, whatever the status. */
    Http.Reply orders(String user, String path) {
        try {
            return http.get(url("order-service", path), token(user));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * Switches the provider's injected trouble (its admin API's {@code PUT /admin/faults}, a JSON such as
     * {@code {"hangMs": 8000}}); {@code null} switches it off.
     */
    void providerFaults(String faults) {
        try {
            String url = layout.providerUrl() + "/admin/faults";
            Http.Reply reply = faults == null ? http.delete(url, Stack.PROVIDER_ADMIN_TOKEN)
                    : http.put(url, faults, Stack.PROVIDER_ADMIN_TOKEN);
            if (reply.status() != 200) {
                throw new IllegalStateException("faults " + faults + " gave " + reply.status() + ": " + reply.raw());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The quarantined outbox row of this event in {@code service}, as its operator API shows it. */
    Optional<JsonNode> quarantined(String service, String eventId) {
        return getOptional(url(service, "/admin/outbox/quarantine/" + eventId));
    }

    /** Puts a quarantined row of {@code service} back into its outbox, as an operator does once the cause is fixed. */
    void republish(String service, String eventId) {
        try {
            Http.Reply reply = http.post(url(service, "/admin/outbox/quarantine/" + eventId + "/republish"), "",
                    Map.of("Authorization", "Bearer " + token(ADMIN)));
            if (reply.status() != 202) {
                throw new IllegalStateException("republish of " + eventId + " gave " + reply.status() + ": " + reply.raw());
            }
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

    /**
     * How many e-mails went out about each order, by the order reference their subject names (the id's first eight
     * characters, upper case: "Your order 7C9E6679 is confirmed"). Every order of a run has one customer address of
     * a few demo users, so the reference, not the recipient, tells the orders' e-mails apart.
     */
    Map<String, Long> mailsPerOrderRef() {
        return mails().stream()
                .map(m -> ORDER_REF.matcher(m.get("subject").asText()))
                .filter(Matcher::find)
                .collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
    }

    static String orderRef(String orderId) {
        return orderId.substring(0, 8).toUpperCase(Locale.ROOT);
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

    /** GET as the operator, who may read everything. */
    JsonNode getOk(String url) {
        try {
            Http.Reply reply = http.get(url, token(ADMIN));
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
            Http.Reply reply = http.get(url, token(ADMIN));
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
