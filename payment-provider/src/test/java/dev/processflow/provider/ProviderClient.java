package dev.processflow.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The provider's API as a merchant and an operator call it, over real HTTP. */
final class ProviderClient {

    static final String API_KEY = "local-only-test-api-key";
    static final String ADMIN_TOKEN = "local-only-test-admin-token";

    record Reply(int status, JsonNode body, boolean replayed) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String url;
    private final String apiKey;

    ProviderClient(String url) {
        this(url, API_KEY);
    }

    /** A caller presenting {@code apiKey} (null: none at all). */
    ProviderClient(String url, String apiKey) {
        this.url = url;
        this.apiKey = apiKey;
    }

    Reply authorize(String key, long amount, String token, String reference) throws IOException {
        return post("/v1/authorizations", key, authorization(amount, token, reference), Duration.ofSeconds(10));
    }

    static String authorization(long amount, String token, String reference) {
        return """
                {"amount": %d, "currency": "EUR", "token": "%s", "reference": "%s"}""".formatted(amount, token, reference);
    }

    Reply capture(String key, String id) throws IOException {
        return post("/v1/authorizations/" + id + "/capture", key, "{}", Duration.ofSeconds(10));
    }

    Reply voidAuthorization(String key, String id) throws IOException {
        return post("/v1/authorizations/" + id + "/void", key, "{}", Duration.ofSeconds(10));
    }

    Reply post(String path, String key, String body, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(withApiKey(request).build());
    }

    Reply get(String path) throws IOException {
        return send(withApiKey(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET())
                .build());
    }

    private HttpRequest.Builder withApiKey(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    Reply admin(String method, String path, String body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    JsonNode ledger(String reference) {
        try {
            Reply reply = admin("GET", "/admin/ledger" + (reference == null ? "" : "?reference=" + reference), null, ADMIN_TOKEN);
            if (reply.status() != 200) {
                throw new IllegalStateException("ledger answered " + reply.status() + ": " + reply.body());
            }
            return reply.body().get("authorizations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void faults(String setting) throws IOException {
        Reply reply = admin("PUT", "/admin/faults", setting, ADMIN_TOKEN);
        if (reply.status() != 200) {
            throw new IllegalStateException("faults answered " + reply.status() + ": " + reply.body());
        }
    }

    private Reply send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
            return new Reply(response.statusCode(), body,
                    response.headers().firstValue("Idempotent-Replayed").filter("true"::equals).isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
