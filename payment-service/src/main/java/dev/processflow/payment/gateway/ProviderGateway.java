package dev.processflow.payment.gateway;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import dev.processflow.payment.gateway.SettlementResult.Refused;
import dev.processflow.payment.gateway.SettlementResult.Settled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The {@code test} gateway: the payment provider simulator ({@code payment-provider}) over HTTP, with its Stripe-like
 * API. Every call carries the shop's secret API key, has a connect and a read timeout and carries the intent's
 * idempotency key. Answers are classified: 2xx, card errors (402) and refusals are definitive; 429 and 5xx are
 * transient, and so is a refused API key (401/403): an operator fixes the key and the intents go on, no customer
 * is declined for it. The provider's own {@code api_error} says this request was not applied, and its
 * {@code processing_error} (answered after it looked the key up) that nothing is held under the key at all; a timeout
 * or a dropped connection leaves the outcome unknown, to be learned by asking again with the same key.
 */
@ApplicationScoped
@Identifier(ProviderGateway.NAME)
public class ProviderGateway implements PaymentGateway {

    public static final String NAME = "test";

    private static final Logger LOG = Logger.getLogger(ProviderGateway.class);

    private record Answer(int status, JsonNode body) {

        String error(String field) {
            return body.path("error").path(field).asText(null);
        }
    }

    private final ObjectMapper json;
    private final Optional<URI> base;
    private final Optional<String> apiKey;
    private final Duration readTimeout;
    private final HttpClient untraced;
    private final HttpClient traced;

    /**
     * Calls in a sampled trace are client spans of the intent's span (OpenTelemetry's JDK HTTP client instrumentation,
     * over the same client); others skip the instrumentation's work for a span that would be dropped.
     */
    @Inject
    public ProviderGateway(ObjectMapper json, OpenTelemetry telemetry,
            @ConfigProperty(name = GatewaySelection.PROVIDER_URL) Optional<URI> url,
            @ConfigProperty(name = GatewaySelection.PROVIDER_API_KEY) Optional<String> apiKey,
            @ConfigProperty(name = "processflow.payment.provider.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "processflow.payment.provider.read-timeout") Duration readTimeout) {
        this.json = json;
        this.base = url;
        this.apiKey = apiKey;
        this.readTimeout = readTimeout;
        this.untraced = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.traced = JavaHttpClientTelemetry.create(telemetry).newHttpClient(untraced);
    }

    @Override
    public AuthorizationResult authorize(AuthorizationRequest request) {
        ObjectNode body = json.createObjectNode().put("amount", request.amount().amount())
                .put("currency", request.amount().currency()).put("token", request.token())
                .put("reference", request.orderId().toString());
        Answer answer = post("/v1/authorizations", request.idempotencyKey(), body);
        if (answer.status() == 200) {
            JsonNode card = answer.body().path("card");
            return new Approved(answer.body().path("id").asText(), card.path("brand").asText(null),
                    card.path("last4").asText(null));
        }
        if (answer.status() == 402) {
            return new Declined(answer.error("code"), answer.error("message"));
        }
        throwIfTransient(answer);
        // A refusal of the request itself (a reused key, a malformed request) is a defect here, not the customer's.
        LOG.errorf("the payment provider refused authorization %s: %d %s", request.idempotencyKey(), answer.status(),
                answer.error("message"));
        return new Declined(DeclineCodes.PROCESSING_ERROR, "the payment provider refused the request ("
                + answer.error("code") + ")");
    }

    @Override
    public SettlementResult capture(SettlementRequest request) {
        return settle(request, "capture", "captured");
    }

    @Override
    public SettlementResult voidAuthorization(SettlementRequest request) {
        return settle(request, "void", "voided");
    }

    private SettlementResult settle(SettlementRequest request, String operation, String target) {
        Answer answer = post("/v1/authorizations/" + request.reference() + "/" + operation, request.idempotencyKey(),
                json.createObjectNode());
        if (answer.status() == 200) {
            return new Settled(null);
        }
        throwIfTransient(answer);
        String code = answer.error("code");
        if ("invalid_state".equals(code)) {
            String state = answer.error("status");
            if (target.equals(state)) {
                return new Settled("the provider had it " + state + " already");
            }
            if (operation.equals("void") && "expired".equals(state)) {
                return new Settled("the hold had already lapsed at the provider; nothing is held");
            }
            return new Refused("authorization_" + state, answer.error("message"));
        }
        return new Refused(code == null ? "http_" + answer.status() : code, answer.error("message"));
    }

    private void throwIfTransient(Answer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            // Not "the provider answered": to the shop it is as unusable as an unreachable one, so readiness says so.
            throw new GatewayUnavailableException("payment provider refused this shop's API key (" + answer.status()
                    + "): check " + GatewaySelection.PROVIDER_API_KEY, GatewayUnavailableException.Outcome.NOT_APPLIED,
                    false);
        }
        if (answer.status() >= 500 || answer.status() == 429) {
            boolean providerSpoke = answer.status() == 429 || "api_error".equals(answer.error("type"));
            GatewayUnavailableException.Outcome outcome = !providerSpoke ? GatewayUnavailableException.Outcome.UNKNOWN
                    : "processing_error".equals(answer.error("code")) ? GatewayUnavailableException.Outcome.NOTHING_HELD
                    : GatewayUnavailableException.Outcome.NOT_APPLIED;
            throw new GatewayUnavailableException("payment provider answered " + answer.status()
                    + (answer.error("code") == null ? "" : " " + answer.error("code")), outcome, providerSpoke);
        }
    }

    private Answer post(String path, String idempotencyKey, ObjectNode body) {
        URI url = base.orElseThrow(() -> new IllegalStateException(GatewaySelection.PROVIDER_URL + " is not set"))
                .resolve(path);
        String key = apiKey.orElseThrow(() -> new IllegalStateException(GatewaySelection.PROVIDER_API_KEY + " is not set"));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            HttpClient http = Span.current().getSpanContext().isSampled() ? traced : untraced;
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new GatewayUnavailableException("payment provider unreachable at " + url.getAuthority() + ": " + e,
                    GatewayUnavailableException.Outcome.NOT_APPLIED, e);
        } catch (HttpTimeoutException e) {
            throw new GatewayUnavailableException("payment provider did not answer within " + readTimeout.toMillis() + " ms",
                    GatewayUnavailableException.Outcome.UNKNOWN, e);
        } catch (IOException e) {
            throw new GatewayUnavailableException("connection to the payment provider failed: " + e,
                    GatewayUnavailableException.Outcome.UNKNOWN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailableException("interrupted while waiting for the payment provider",
                    GatewayUnavailableException.Outcome.UNKNOWN, e);
        }
        return new Answer(response.statusCode(), parse(response.body()));
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? MissingNode.getInstance() : json.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
