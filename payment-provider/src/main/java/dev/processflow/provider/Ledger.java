package dev.processflow.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the provider knows: authorizations by id, and every idempotency key with the answer it got. Stripe's
 * rules: a key seen before answers its first result again (whatever happened since); the same key with other
 * parameters is an error; results are stored only once a request was executed against the ledger, so a validation
 * error, an unknown authorization or a processing error may be retried under the same key. Every change is journaled
 * before it is kept and answered, so a restart loses nothing that was answered.
 */
final class Ledger implements Closeable {

    static final String AUTHORIZE = "authorize";
    static final String CAPTURE = "capture";
    static final String VOID = "void";

    /** One idempotency key: the operation and parameters it was first used with, its answer, and how often it came. */
    private record KeyRecord(String key, String operation, String fingerprint, String authorizationId, int status,
            JsonNode body, int requests) {

        KeyRecord repeated() {
            return new KeyRecord(key, operation, fingerprint, authorizationId, status, body, requests + 1);
        }
    }

    private final ObjectMapper json;
    private final Journal journal;
    private final Clock clock;
    private final Duration holdExpiry;
    private final Map<String, Authorization> authorizations = new LinkedHashMap<>();
    private final Map<String, KeyRecord> keys = new LinkedHashMap<>();

    private Ledger(ObjectMapper json, Journal journal, Clock clock, Duration holdExpiry) {
        this.json = json;
        this.journal = journal;
        this.clock = clock;
        this.holdExpiry = holdExpiry;
    }

    static Ledger open(Path file, Duration holdExpiry, Clock clock, ObjectMapper json) throws IOException {
        Journal journal = new Journal(file, json);
        Ledger ledger = new Ledger(json, journal, clock, holdExpiry);
        for (JsonNode entry : journal.entries()) {
            ledger.replay(entry);
        }
        return ledger;
    }

    private void replay(JsonNode entry) throws IOException {
        String key = entry.get("key").asText();
        if ("repeat".equals(entry.get("type").asText())) {
            keys.computeIfPresent(key, (k, record) -> record.repeated());
            return;
        }
        Authorization authorization = json.treeToValue(entry.get("authorization"), Authorization.class);
        authorizations.put(authorization.id(), authorization);
        keys.put(key, new KeyRecord(key, entry.get("operation").asText(), entry.get("fingerprint").asText(),
                authorization.id(), entry.get("status").asInt(), entry.get("body"), entry.get("requests").asInt()));
    }

    synchronized ApiResponse authorize(String key, long amount, String currency, String token, String reference) {
        String fingerprint = fingerprint(AUTHORIZE, Long.toString(amount), currency, reference, CardTokens.canonical(token));
        Optional<ApiResponse> repeated = repeat(key, AUTHORIZE, fingerprint);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Instant now = clock.instant();
        String id = "auth_" + UUID.randomUUID().toString().replace("-", "");
        CardTokens.Verdict verdict = CardTokens.evaluate(token);
        if (verdict instanceof CardTokens.ProcessingError) {
            return ApiResponse.error(503, "api_error", "processing_error",
                    "An error occurred while processing the card. Try again later.");
        }
        if (verdict instanceof CardTokens.Approve approve) {
            Authorization held = new Authorization(id, reference, amount, currency, Authorization.Status.AUTHORIZED,
                    approve.brand(), approve.last4(), null, now, now.plus(holdExpiry), List.of(), List.of());
            return keep(key, AUTHORIZE, fingerprint, held, ApiResponse.ok(view(held, now)));
        }
        CardTokens.Decline decline = (CardTokens.Decline) verdict;
        Authorization declined = new Authorization(id, reference, amount, currency, Authorization.Status.DECLINED,
                null, null, decline.code(), now, null, List.of(), List.of());
        ObjectNode body = ApiResponse.errorBody("card_error", decline.code(), decline.message());
        ((ObjectNode) body.get("error")).put("authorization", id);
        return keep(key, AUTHORIZE, fingerprint, declined, new ApiResponse(402, body, false));
    }

    synchronized ApiResponse capture(String key, String authorizationId) {
        return settle(key, CAPTURE, authorizationId);
    }

    synchronized ApiResponse voidAuthorization(String key, String authorizationId) {
        return settle(key, VOID, authorizationId);
    }

    private ApiResponse settle(String key, String operation, String authorizationId) {
        String fingerprint = fingerprint(operation, authorizationId);
        Optional<ApiResponse> repeated = repeat(key, operation, fingerprint);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Authorization authorization = authorizations.get(authorizationId);
        if (authorization == null) {
            return ApiResponse.error(404, "invalid_request_error", "resource_missing",
                    "No such authorization: " + authorizationId);
        }
        Instant now = clock.instant();
        Authorization.Status status = authorization.statusAt(now);
        if (status != Authorization.Status.AUTHORIZED) {
            ObjectNode body = ApiResponse.errorBody("invalid_request_error", "invalid_state",
                    "Authorization " + authorizationId + " is " + status.wire() + " and cannot be "
                            + (operation.equals(CAPTURE) ? "captured" : "voided") + ".");
            ((ObjectNode) body.get("error")).put("status", status.wire()).put("authorization", authorizationId);
            return keep(key, operation, fingerprint, authorization, new ApiResponse(409, body, false));
        }
        Authorization settled = operation.equals(CAPTURE)
                ? authorization.captured(key, now) : authorization.voided(key, now);
        return keep(key, operation, fingerprint, settled, ApiResponse.ok(view(settled, now)));
    }

    /** The first answer of a key seen before (counted and journaled), an error if its parameters differ, or empty. */
    private Optional<ApiResponse> repeat(String key, String operation, String fingerprint) {
        KeyRecord seen = keys.get(key);
        if (seen == null) {
            return Optional.empty();
        }
        if (!seen.operation().equals(operation) || !seen.fingerprint().equals(fingerprint)) {
            return Optional.of(ApiResponse.error(409, "idempotency_error", "idempotency_key_reused",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with."));
        }
        ObjectNode entry = json.createObjectNode().put("type", "repeat").put("at", clock.instant().toString()).put("key", key);
        journal.append(entry);
        keys.put(key, seen.repeated());
        return Optional.of(new ApiResponse(seen.status(), seen.body(), true));
    }

    private ApiResponse keep(String key, String operation, String fingerprint, Authorization authorization,
            ApiResponse response) {
        ObjectNode entry = json.createObjectNode().put("type", "result").put("at", clock.instant().toString())
                .put("key", key).put("operation", operation).put("fingerprint", fingerprint)
                .put("status", response.status()).put("requests", 1);
        entry.set("body", response.body());
        entry.set("authorization", json.valueToTree(authorization));
        journal.append(entry);
        authorizations.put(authorization.id(), authorization);
        keys.put(key, new KeyRecord(key, operation, fingerprint, authorization.id(), response.status(), response.body(), 1));
        return response;
    }

    synchronized Optional<JsonNode> find(String authorizationId) {
        return Optional.ofNullable(authorizations.get(authorizationId)).map(a -> view(a, clock.instant()));
    }

    synchronized Optional<String> referenceOf(String authorizationId) {
        return Optional.ofNullable(authorizations.get(authorizationId)).map(Authorization::reference);
    }

    /** Every authorization (of one reference, if given) with the idempotency keys that touched it, oldest first. */
    synchronized JsonNode ledger(Optional<String> reference) {
        Map<String, List<KeyRecord>> keysByAuthorization = new LinkedHashMap<>();
        keys.values().forEach(k -> keysByAuthorization.computeIfAbsent(k.authorizationId(), id -> new ArrayList<>()).add(k));
        Instant now = clock.instant();
        ObjectNode ledger = json.createObjectNode();
        ArrayNode list = ledger.putArray("authorizations");
        for (Authorization authorization : authorizations.values()) {
            if (reference.isPresent() && !reference.get().equals(authorization.reference())) {
                continue;
            }
            ObjectNode view = view(authorization, now);
            ArrayNode seen = view.putArray("idempotencyKeys");
            keysByAuthorization.getOrDefault(authorization.id(), List.of()).forEach(k -> seen.addObject()
                    .put("key", k.key()).put("operation", k.operation()).put("status", k.status())
                    .put("requests", k.requests()));
            list.add(view);
        }
        return ledger;
    }

    private ObjectNode view(Authorization a, Instant now) {
        ObjectNode view = json.createObjectNode().put("id", a.id()).put("object", "authorization")
                .put("reference", a.reference()).put("amount", a.amount()).put("currency", a.currency())
                .put("status", a.statusAt(now).wire());
        if (a.brand() != null) {
            view.putObject("card").put("brand", a.brand()).put("last4", a.last4());
        } else {
            view.putNull("card");
        }
        view.put("declineCode", a.declineCode()).put("createdAt", a.createdAt().toString())
                .put("expiresAt", a.expiresAt() == null ? null : a.expiresAt().toString());
        ArrayNode captures = view.putArray("captures");
        a.captures().forEach(c -> captures.addObject().put("key", c.key()).put("at", c.at().toString()));
        ArrayNode voids = view.putArray("voids");
        a.voids().forEach(v -> voids.addObject().put("key", v.key()).put("at", v.at().toString()));
        return view;
    }

    private static String fingerprint(String... parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
