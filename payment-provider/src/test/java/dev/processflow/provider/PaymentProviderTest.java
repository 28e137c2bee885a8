package dev.processflow.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.provider.ProviderClient.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentProviderTest {

    @TempDir
    Path dir;

    private PaymentProvider provider;
    private ProviderClient client;

    @BeforeEach
    void start() throws IOException {
        provider = start(Duration.ofDays(7));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private PaymentProvider start(Duration holdExpiry) throws IOException {
        PaymentProvider started = PaymentProvider.start(new ProviderConfig("127.0.0.1", 0, dir.resolve("journal"),
                holdExpiry, ProviderClient.API_KEY, Optional.of(ProviderClient.ADMIN_TOKEN), false));
        client = new ProviderClient(started.url());
        return started;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @ParameterizedTest
    @CsvSource({"tok_visa, visa, 4242", "tok_mastercard, mastercard, 4444"})
    void approvingTokensHoldTheAmountWithBrandAndLastFour(String token, String brand, String last4) throws IOException {
        Reply reply = client.authorize(key(), 1999, token, "order-1");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.body();
        assertThat(body.get("id").asText()).startsWith("auth_");
        assertThat(body.get("status").asText()).isEqualTo("authorized");
        assertThat(body.get("amount").asLong()).isEqualTo(1999);
        assertThat(body.get("currency").asText()).isEqualTo("EUR");
        assertThat(body.get("reference").asText()).isEqualTo("order-1");
        assertThat(body.at("/card/brand").asText()).isEqualTo(brand);
        assertThat(body.at("/card/last4").asText()).isEqualTo(last4);
        assertThat(Duration.between(Instant.parse(body.get("createdAt").asText()),
                Instant.parse(body.get("expiresAt").asText()))).isEqualTo(Duration.ofDays(7));
        assertThat(body.toString()).doesNotContain(token);
    }

    @ParameterizedTest
    @CsvSource({
        "tok_chargeDeclined, card_declined",
        "tok_chargeDeclinedInsufficientFunds, insufficient_funds",
        "tok_chargeDeclinedExpiredCard, expired_card",
        "tok_unheardOf, invalid_token",
        "tok_VISA, invalid_token",
        "4242424242424242, invalid_token"
    })
    void decliningTokensAreCardErrorsKeptInTheLedger(String token, String code) throws IOException {
        String reference = "order-" + UUID.randomUUID();
        Reply reply = client.authorize(key(), 500, token, reference);

        assertThat(reply.status()).isEqualTo(402);
        assertThat(reply.body().at("/error/type").asText()).isEqualTo("card_error");
        assertThat(reply.body().at("/error/code").asText()).isEqualTo(code);
        JsonNode ledger = client.ledger(reference);
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("status").asText()).isEqualTo("declined");
        assertThat(ledger.get(0).get("declineCode").asText()).isEqualTo(code);
        assertThat(Files.readString(dir.resolve("journal"))).doesNotContain("4242424242424242");
    }

    @Test
    void processingErrorIsTransientEveryTimeAndKeepsNothing() throws IOException {
        String key = key();
        for (int i = 0; i < 3; i++) {
            Reply reply = client.authorize(key, 700, "tok_chargeDeclinedProcessingError", "order-pe");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.replayed()).isFalse();
            assertThat(reply.body().at("/error/type").asText()).isEqualTo("api_error");
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("processing_error");
        }
        assertThat(client.ledger("order-pe")).isEmpty();
    }

    @Test
    void repeatedKeyAnswersTheFirstResultAndHoldsOnce() throws IOException {
        String key = key();
        Reply first = client.authorize(key, 1500, "tok_visa", "order-r");
        Reply second = client.authorize(key, 1500, "tok_visa", "order-r");

        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode ledger = client.ledger("order-r");
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).at("/idempotencyKeys/0/key").asText()).isEqualTo(key);
        assertThat(ledger.get(0).at("/idempotencyKeys/0/requests").asInt()).isEqualTo(2);
    }

    @Test
    void reusedKeyWithAnotherBodyIsAnErrorAndChangesNothing() throws IOException {
        String key = key();
        client.authorize(key, 1500, "tok_visa", "order-k");
        Reply other = client.authorize(key, 1600, "tok_visa", "order-k");
        Reply otherOperation = client.capture(key, client.ledger("order-k").get(0).get("id").asText());

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().at("/error/type").asText()).isEqualTo("idempotency_error");
        assertThat(otherOperation.status()).isEqualTo(409);
        JsonNode ledger = client.ledger("order-k");
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("amount").asLong()).isEqualTo(1500);
        assertThat(ledger.get(0).get("status").asText()).isEqualTo("authorized");
    }

    @Test
    void requestsWithoutKeyOrWithCardDataAreRefusedAndLeaveNoTrace() throws IOException {
        Reply noKey = client.post("/v1/authorizations", null, ProviderClient.authorization(100, "tok_visa", "order-n"),
                Duration.ofSeconds(5));
        Reply cardData = client.post("/v1/authorizations", key(), """
                {"amount": 100, "currency": "EUR", "token": "tok_visa", "reference": "order-n",
                 "number": "4000056655665556", "cvc": "123"}""", Duration.ofSeconds(5));
        Reply badAmount = client.post("/v1/authorizations", key(), """
                {"amount": -5, "currency": "EUR", "token": "tok_visa", "reference": "order-n"}""", Duration.ofSeconds(5));
        Reply tooLarge = client.post("/v1/authorizations", key(), "{\"reference\": \"" + "x".repeat(20_000) + "\"}",
                Duration.ofSeconds(5));

        assertThat(noKey.status()).isEqualTo(400);
        assertThat(cardData.status()).isEqualTo(400);
        assertThat(cardData.body().at("/error/message").asText()).contains("never card data").doesNotContain("4000056655665556");
        assertThat(badAmount.status()).isEqualTo(400);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(client.ledger("order-n")).isEmpty();
        assertThat(Files.readString(dir.resolve("journal"))).doesNotContain("4000056655665556");
    }

    @Test
    void captureAndVoidHaveTheirOwnKeysAndFollowTheHold() throws IOException {
        String captured = client.authorize(key(), 900, "tok_visa", "order-c").body().get("id").asText();
        String captureKey = key();
        Reply capture = client.capture(captureKey, captured);
        Reply captureAgain = client.capture(captureKey, captured);
        Reply captureOtherKey = client.capture(key(), captured);
        Reply voidCaptured = client.voidAuthorization(key(), captured);

        assertThat(capture.status()).isEqualTo(200);
        assertThat(capture.body().get("status").asText()).isEqualTo("captured");
        assertThat(captureAgain.replayed()).isTrue();
        assertThat(captureAgain.body()).isEqualTo(capture.body());
        assertThat(captureOtherKey.status()).isEqualTo(409);
        assertThat(captureOtherKey.body().at("/error/code").asText()).isEqualTo("invalid_state");
        assertThat(captureOtherKey.body().at("/error/status").asText()).isEqualTo("captured");
        assertThat(voidCaptured.status()).isEqualTo(409);

        String voided = client.authorize(key(), 900, "tok_mastercard", "order-v").body().get("id").asText();
        assertThat(client.voidAuthorization(key(), voided).body().get("status").asText()).isEqualTo("voided");
        Reply captureVoided = client.capture(key(), voided);
        assertThat(captureVoided.status()).isEqualTo(409);
        assertThat(captureVoided.body().at("/error/status").asText()).isEqualTo("voided");

        assertThat(client.capture(key(), "auth_unknown").status()).isEqualTo(404);
        JsonNode ledger = client.ledger("order-c").get(0);
        assertThat(ledger.get("status").asText()).isEqualTo("captured");
        assertThat(ledger.get("captures")).hasSize(1);
        assertThat(ledger.at("/captures/0/key").asText()).isEqualTo(captureKey);
        assertThat(ledger.get("voids")).isEmpty();
        assertThat(ledger.get("idempotencyKeys")).hasSize(4);
        assertThat(client.get("/v1/authorizations/" + voided).body().get("status").asText()).isEqualTo("voided");
    }

    @Test
    void uncapturedHoldExpiresAndCanThenNeitherBeCapturedNorVoided() throws Exception {
        provider.close();
        provider = start(Duration.ofMillis(300));
        String held = client.authorize(key(), 1200, "tok_visa", "order-x").body().get("id").asText();
        String captured = client.authorize(key(), 1200, "tok_visa", "order-y").body().get("id").asText();
        assertThat(client.capture(key(), captured).status()).isEqualTo(200);

        Thread.sleep(500);

        Reply late = client.capture(key(), held);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().at("/error/status").asText()).isEqualTo("expired");
        assertThat(client.voidAuthorization(key(), held).body().at("/error/status").asText()).isEqualTo("expired");
        assertThat(client.ledger("order-x").get(0).get("status").asText()).isEqualTo("expired");
        assertThat(client.ledger("order-y").get(0).get("status").asText()).isEqualTo("captured");
    }

    @Test
    void restartKeepsTheLedgerAndTheAnswersOfEveryKey() throws IOException {
        String authorizeKey = key();
        Reply authorized = client.authorize(authorizeKey, 3000, "tok_visa", "order-p");
        String id = authorized.body().get("id").asText();
        String captureKey = key();
        Reply captured = client.capture(captureKey, id);
        String declineKey = key();
        client.authorize(declineKey, 100, "tok_chargeDeclined", "order-q");
        JsonNode before = client.ledger(null);

        provider.close();
        // A crash in the middle of a write leaves a torn last line; the restart cuts it off.
        Files.writeString(dir.resolve("journal"), "{\"type\": \"result\", \"key\": \"torn", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        provider = start(Duration.ofDays(7));

        assertThat(client.ledger(null)).isEqualTo(before);
        Reply again = client.authorize(authorizeKey, 3000, "tok_visa", "order-p");
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(authorized.body());
        assertThat(client.capture(captureKey, id).body()).isEqualTo(captured.body());
        assertThat(client.authorize(declineKey, 100, "tok_chargeDeclined", "order-q").status()).isEqualTo(402);
        assertThat(client.authorize(key(), 400, "tok_visa", "order-s").status()).isEqualTo(200);

        provider.close();
        provider = start(Duration.ofDays(7));
        JsonNode afterSecondRestart = client.ledger(null);
        assertThat(afterSecondRestart).hasSize(3);
        assertThat(afterSecondRestart.get(0).at("/idempotencyKeys/0/requests").asInt()).isEqualTo(2);
    }

    @Test
    void paymentApiNeedsTheMerchantKeyAndKeepsNothingForAStranger() throws IOException {
        ProviderClient stranger = new ProviderClient(provider.url(), null);
        ProviderClient wrongKey = new ProviderClient(provider.url(), "sk_guess");
        ProviderClient adminTokenAsKey = new ProviderClient(provider.url(), ProviderClient.ADMIN_TOKEN);
        String approved = client.authorize(key(), 100, "tok_visa", "order-k").body().get("id").asText();

        for (ProviderClient caller : List.of(stranger, wrongKey, adminTokenAsKey)) {
            Reply authorize = caller.authorize(key(), 100, "tok_visa", "order-s");
            assertThat(authorize.status()).isEqualTo(401);
            assertThat(authorize.body().at("/error/type").asText()).isEqualTo("authentication_error");
            assertThat(caller.capture(key(), approved).status()).isEqualTo(401);
            assertThat(caller.voidAuthorization(key(), approved).status()).isEqualTo(401);
            assertThat(caller.get("/v1/authorizations/" + approved).status()).isEqualTo(401);
        }

        assertThat(client.ledger("order-s")).isEmpty();
        assertThat(client.get("/v1/authorizations/" + approved).body().get("status").asText()).isEqualTo("authorized");
        assertThat(stranger.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aProviderWithoutAnApiKeyDoesNotStart() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ADMIN_TOKEN", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAYMENT_PROVIDER_API_KEY");
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_API_KEY", " ")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ProviderConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_API_KEY", "k")).apiKey()).isEqualTo("k");
    }

    @Test
    void adminApiNeedsItsTokenAndIsOffWithoutOne() throws IOException {
        assertThat(client.admin("GET", "/admin/ledger", null, null).status()).isEqualTo(401);
        assertThat(client.admin("PUT", "/admin/faults", "{\"refuse\": true}", "wrong").status()).isEqualTo(401);
        assertThat(client.authorize(key(), 100, "tok_visa", "order-a").status()).isEqualTo(200);

        provider.close();
        provider = PaymentProvider.start(new ProviderConfig("127.0.0.1", 0, dir.resolve("journal"), Duration.ofDays(7),
                ProviderClient.API_KEY, Optional.empty(), false));
        client = new ProviderClient(provider.url());
        assertThat(client.admin("GET", "/admin/ledger", null, ProviderClient.ADMIN_TOKEN).status()).isEqualTo(403);
        assertThat(client.get("/health").status()).isEqualTo(200);
    }

    @Test
    void injectedErrorsApplyOnlyWhereScopedAndKeepNothing() throws IOException {
        client.faults("{\"errorRate\": 1.0, \"references\": [\"order-e\"]}");
        String key = key();
        Reply failed = client.authorize(key, 100, "tok_visa", "order-e");
        Reply other = client.authorize(key(), 100, "tok_visa", "order-f");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.body().at("/error/type").asText()).isEqualTo("api_error");
        assertThat(other.status()).isEqualTo(200);
        assertThat(client.ledger("order-e")).isEmpty();

        client.admin("DELETE", "/admin/faults", null, ProviderClient.ADMIN_TOKEN);
        Reply retried = client.authorize(key, 100, "tok_visa", "order-e");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.replayed()).isFalse();
    }

    @Test
    void faultsCanTargetOneOperation() throws IOException {
        client.faults("{\"errorRate\": 1.0, \"operations\": [\"capture\"]}");
        String id = client.authorize(key(), 100, "tok_visa", "order-o").body().get("id").asText();

        assertThat(client.capture(key(), id).status()).isEqualTo(503);
        assertThat(client.voidAuthorization(key(), id).status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysTheAnswer() throws IOException {
        client.faults("{\"latencyMs\": 400}");
        long started = System.nanoTime();
        assertThat(client.authorize(key(), 100, "tok_visa", "order-l").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    /** The hang applies the request and holds its answer past the caller's patience: only the same key tells. */
    @Test
    void hangOutlastsTheCallersTimeoutButTheRequestWasApplied() throws IOException {
        client.faults("{\"hangMs\": 1500, \"references\": [\"order-h\"]}");
        String key = key();
        String body = ProviderClient.authorization(100, "tok_visa", "order-h");

        assertThatThrownBy(() -> client.post("/v1/authorizations", key, body, Duration.ofMillis(500)))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        JsonNode ledger = client.ledger("order-h");
        assertThat(ledger).hasSize(1);

        client.admin("DELETE", "/admin/faults", null, ProviderClient.ADMIN_TOKEN);
        Reply again = client.post("/v1/authorizations", key, body, Duration.ofSeconds(5));
        assertThat(again.replayed()).isTrue();
        assertThat(again.body().get("id").asText()).isEqualTo(ledger.get(0).get("id").asText());
        assertThat(client.ledger("order-h")).hasSize(1);
    }

    @Test
    void refusedRequestsGetNoAnswerAndChangeNothing() throws IOException {
        client.faults("{\"refuse\": true}");
        assertThatThrownBy(() -> client.authorize(key(), 100, "tok_visa", "order-z")).isInstanceOf(IOException.class);
        assertThat(client.ledger("order-z")).isEmpty();
        assertThat(client.get("/health").status()).isEqualTo(200);
    }

    @Test
    void nonsenseFaultsAreRefused() throws IOException {
        assertThat(client.admin("PUT", "/admin/faults", "{\"errorRate\": 2}", ProviderClient.ADMIN_TOKEN).status())
                .isEqualTo(400);
        assertThat(client.admin("PUT", "/admin/faults", "{\"operations\": [\"refund\"]}", ProviderClient.ADMIN_TOKEN)
                .status()).isEqualTo(400);
        assertThat(client.admin("GET", "/admin/faults", null, ProviderClient.ADMIN_TOKEN).body().get("errorRate")
                .asDouble()).isZero();
    }
}
