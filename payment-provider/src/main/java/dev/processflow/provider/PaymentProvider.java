package dev.processflow.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The payment provider simulator as an HTTP service (JDK HttpServer, so it runs as its own process in the local
 * stack and embedded in a test JVM alike).
 * <ul>
 * <li>{@code POST /v1/authorizations} {@code {"amount", "currency", "token", "reference"}} holds the amount: 200 with
 * the authorization, 402 with a card error (kept too), 503 {@code processing_error} (nothing kept).</li>
 * <li>{@code POST /v1/authorizations/{id}/capture}, {@code .../void}: 200, 404 unknown, 409 {@code invalid_state}.</li>
 * <li>{@code GET /v1/authorizations/{id}}.</li>
 * <li>{@code GET /admin/ledger[?reference=]}, {@code GET|PUT|DELETE /admin/faults}: with the admin bearer token.</li>
 * <li>{@code GET /health}.</li>
 * </ul>
 * Every {@code /v1} request needs the merchant's secret key ({@code Authorization: Bearer <key>}), else 401
 * {@code authentication_error}. Every POST needs an {@code Idempotency-Key} header; a repeated key answers its first
 * result with the header {@code Idempotent-Replayed: true}. Bodies carry tokens only: a field the API does not know (a card number, say) is
 * refused before anything is kept or logged.
 */
public final class PaymentProvider implements AutoCloseable {

    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> AUTHORIZE_FIELDS = Set.of("amount", "currency", "token", "reference");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Ledger ledger;
    private final ObjectMapper json;
    private final byte[] apiAuthorization;
    private final Optional<byte[]> adminAuthorization;
    private final boolean logRequests;
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);

    private PaymentProvider(HttpServer server, ExecutorService executor, Ledger ledger, ObjectMapper json,
            ProviderConfig config) {
        this.server = server;
        this.executor = executor;
        this.ledger = ledger;
        this.json = json;
        this.apiAuthorization = bearer(config.apiKey());
        this.adminAuthorization = config.adminToken().map(PaymentProvider::bearer);
        this.logRequests = config.logRequests();
    }

    public static PaymentProvider start(ProviderConfig config) throws IOException {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Ledger ledger = Ledger.open(config.journal(), config.holdExpiry(), Clock.systemUTC(), json);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            ledger.close();
            throw e;
        }
        // Requests held back by the hang fault each keep a thread; the pool grows with them rather than queueing
        // every other request behind them.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "payment-provider");
            thread.setDaemon(true);
            return thread;
        });
        PaymentProvider provider = new PaymentProvider(server, executor, ledger, json, config);
        server.createContext("/", provider::handle);
        server.setExecutor(executor);
        server.start();
        return provider;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            ledger.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health")) {
                send(exchange, ApiResponse.ok(json.createObjectNode().put("status", "UP")));
            } else if (path.startsWith("/admin/")) {
                admin(exchange, path);
            } else if (path.equals("/v1/authorizations") || path.startsWith("/v1/authorizations/")) {
                api(exchange, path);
            } else {
                send(exchange, ApiResponse.error(404, "invalid_request_error", "not_found", "Unrecognized request URL."));
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("payment-provider: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " failed: " + e);
            trySend(exchange, ApiResponse.error(500, "api_error", "internal_error", "The request could not be processed."));
        } finally {
            exchange.close();
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        if (!bearerMatches(exchange, apiAuthorization)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            send(exchange, ApiResponse.error(401, "authentication_error", "api_key_invalid",
                    "The payment API needs the merchant's secret key: Authorization: Bearer <key>."));
            return;
        }
        String[] segments = path.split("/");
        String method = exchange.getRequestMethod();
        if (segments.length == 4 && method.equals("GET")) {
            send(exchange, ledger.find(segments[3]).map(ApiResponse::ok).orElse(ApiResponse.error(404,
                    "invalid_request_error", "resource_missing", "No such authorization: " + segments[3])));
            return;
        }
        boolean authorize = segments.length == 3;
        boolean settle = segments.length == 5 && (segments[4].equals(Ledger.CAPTURE) || segments[4].equals(Ledger.VOID));
        if (!method.equals("POST") || !(authorize || settle)) {
            send(exchange, ApiResponse.error(404, "invalid_request_error", "not_found", "Unrecognized request URL."));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 255) {
            send(exchange, ApiResponse.invalidRequest("idempotency_key_missing",
                    "Every POST needs an Idempotency-Key header of 1 to 255 characters."));
            return;
        }
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
            send(exchange, ApiResponse.error(413, "invalid_request_error", "body_too_large",
                    "Request bodies are limited to " + MAX_BODY_BYTES + " bytes."));
            return;
        }
        if (authorize) {
            authorize(exchange, key, body.get());
        } else {
            String id = segments[3];
            String operation = segments[4];
            Optional<String> reference = ledger.referenceOf(id);
            respondWithFaults(exchange, operation, reference.orElse(null), key, () -> operation.equals(Ledger.CAPTURE)
                    ? ledger.capture(key, id) : ledger.voidAuthorization(key, id));
        }
    }

    private void authorize(HttpExchange exchange, String key, byte[] body) throws IOException {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            send(exchange, ApiResponse.invalidRequest("parameter_invalid", "The body is not JSON."));
            return;
        }
        Optional<String> invalid = invalidAuthorization(request);
        if (invalid.isPresent()) {
            send(exchange, ApiResponse.invalidRequest("parameter_invalid", invalid.get()));
            return;
        }
        String reference = request.get("reference").asText();
        respondWithFaults(exchange, Ledger.AUTHORIZE, reference, key, () -> ledger.authorize(key,
                request.get("amount").asLong(), request.get("currency").asText(), request.get("token").asText(),
                reference));
    }

    /** Why this authorization request is refused, naming fields but never echoing a value. */
    private static Optional<String> invalidAuthorization(JsonNode request) {
        if (request == null || !request.isObject()) {
            return Optional.of("The body must be a JSON object.");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!AUTHORIZE_FIELDS.contains(name)) {
                return Optional.of("Unknown parameter '" + name + "': this API takes amount, currency, token and "
                        + "reference only, never card data.");
            }
        }
        JsonNode amount = request.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0) {
            return Optional.of("amount must be a positive integer in minor units.");
        }
        JsonNode currency = request.get("currency");
        if (currency == null || !currency.isTextual() || !CURRENCY.matcher(currency.asText()).matches()) {
            return Optional.of("currency must be a three-letter ISO 4217 code in upper case.");
        }
        for (String field : new String[] {"token", "reference"}) {
            JsonNode value = request.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 255) {
                return Optional.of(field + " must be a string of 1 to 255 characters.");
            }
        }
        return Optional.empty();
    }

    private interface Operation {
        ApiResponse apply();
    }

    private void respondWithFaults(HttpExchange exchange, String operation, String reference, String key,
            Operation work) throws IOException {
        Faults active = faults.get();
        boolean faulty = active.appliesTo(operation, reference);
        if (faulty && active.refuse()) {
            log(operation, key, "dropped");
            return;
        }
        if (faulty && active.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < active.errorRate()) {
            log(operation, key, "503 (injected)");
            send(exchange, ApiResponse.error(503, "api_error", "service_unavailable",
                    "The provider is temporarily unavailable. Try again later."));
            return;
        }
        if (faulty) {
            pause(active.latencyMs());
        }
        ApiResponse response = work.apply();
        log(operation, key, response.status() + (response.replayed() ? " (replayed)" : ""));
        if (faulty) {
            pause(active.hangMs());
        }
        trySend(exchange, response);
    }

    private void admin(HttpExchange exchange, String path) throws IOException {
        if (adminAuthorization.isEmpty()) {
            send(exchange, ApiResponse.error(403, "invalid_request_error", "admin_disabled",
                    "The admin API is off: start the provider with PAYMENT_PROVIDER_ADMIN_TOKEN set."));
            return;
        }
        if (!bearerMatches(exchange, adminAuthorization.get())) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            send(exchange, ApiResponse.error(401, "authentication_error", "unauthorized",
                    "The admin API needs the provider's admin bearer token."));
            return;
        }
        String method = exchange.getRequestMethod();
        if (path.equals("/admin/ledger") && method.equals("GET")) {
            send(exchange, ApiResponse.ok(ledger.ledger(queryParameter(exchange, "reference"))));
        } else if (path.equals("/admin/faults") && method.equals("GET")) {
            send(exchange, ApiResponse.ok(json.valueToTree(faults.get())));
        } else if (path.equals("/admin/faults") && method.equals("PUT")) {
            setFaults(exchange);
        } else if (path.equals("/admin/faults") && method.equals("DELETE")) {
            faults.set(Faults.NONE);
            send(exchange, ApiResponse.ok(json.valueToTree(Faults.NONE)));
        } else {
            send(exchange, ApiResponse.error(404, "invalid_request_error", "not_found", "Unrecognized request URL."));
        }
    }

    private static byte[] bearer(String credential) {
        return ("Bearer " + credential).getBytes(StandardCharsets.UTF_8);
    }

    /** Compared in constant time, so the answer's timing says nothing about how much of a guess was right. */
    private static boolean bearerMatches(HttpExchange exchange, byte[] expected) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expected);
    }

    private void setFaults(HttpExchange exchange) throws IOException {
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
            send(exchange, ApiResponse.error(413, "invalid_request_error", "body_too_large", "Body too large."));
            return;
        }
        Faults requested;
        try {
            requested = json.readValue(body.get(), Faults.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            send(exchange, ApiResponse.invalidRequest("parameter_invalid", "Not a fault setting: " + cause.getMessage()));
            return;
        }
        faults.set(requested);
        if (logRequests) {
            System.out.println(Instant.now() + " payment-provider: faults now " + requested);
        }
        send(exchange, ApiResponse.ok(json.valueToTree(requested)));
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The body, or empty if it is larger than the limit. */
    private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
        }
    }

    private void send(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body = json.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (response.replayed()) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends unless the caller has gone (it gave up waiting): what was applied stays applied either way. */
    private void trySend(HttpExchange exchange, ApiResponse response) {
        try {
            send(exchange, response);
        } catch (IOException | RuntimeException e) {
            if (logRequests) {
                System.out.println(Instant.now() + " payment-provider: the caller left before its answer ("
                        + response.status() + ") was sent");
            }
        }
    }

    private void log(String operation, String key, String outcome) {
        if (logRequests) {
            System.out.println(Instant.now() + " payment-provider: " + operation + " key=" + key + " -> " + outcome);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
