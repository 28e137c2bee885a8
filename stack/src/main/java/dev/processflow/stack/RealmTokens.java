package dev.processflow.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens of the realm's demo users from the stack's Keycloak, by password grant through the public
 * {@code processflow-cli} client, as {@code ./processflow token}, the system tests and the benchmark get them. The
 * passwords are the realm file's local-only ones; nothing here works against a real deployment's users.
 */
public final class RealmTokens {

    public static final String CLIENT = "processflow-cli";

    /** The demo users of {@code deploy/keycloak/processflow-realm.json} and their local-only passwords. */
    public static final Map<String, String> DEMO_USERS = Map.of(
            "ada", "ada-local-only", "grace", "grace-local-only", "admin", "admin-local-only");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tokenEndpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RealmTokens(String issuer) {
        this.tokenEndpoint = issuer + "/protocol/openid-connect/token";
    }

    public static RealmTokens of(StackLayout layout) {
        return new RealmTokens(layout.issuer());
    }

    /** A token pair for the access token's lifetime and the refresh token's. */
    public record Grant(String accessToken, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {
    }

    /** Signs a demo user in with their local-only password. */
    public Grant signIn(String user) {
        String password = DEMO_USERS.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no demo user " + user + "; the realm has " + DEMO_USERS.keySet());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("username", user);
        form.put("password", password);
        form.put("scope", "openid");
        return request(form, "sign-in of " + user);
    }

    /** Exchanges the refresh token for a new pair before the access token runs out. */
    public Grant refresh(Grant grant) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", CLIENT);
        form.put("refresh_token", grant.refreshToken());
        return request(form, "token refresh");
    }

    /**
     * A source of always-valid access tokens for one user, for long runs: it refreshes the pair when less than a
     * third of the access token's lifetime is left, and signs in again when the refresh token is about to expire.
     * Safe to share between threads.
     */
    public Session session(String user) {
        return new Session(user);
    }

    public final class Session {

        private final String user;
        private Grant grant;
        private Instant refreshAt = Instant.MIN;

        private Session(String user) {
            this.user = user;
        }

        public synchronized String accessToken() {
            Instant now = Instant.now();
            if (grant == null || now.isAfter(grant.refreshExpiresAt().minusSeconds(30))) {
                use(signIn(user), now);
            } else if (now.isAfter(refreshAt)) {
                Grant current = grant;
                try {
                    use(refresh(current), now);
                } catch (StackException e) {
                    // the session ended early (Keycloak restarted, idle timeout): sign in again
                    use(signIn(user), now);
                }
            }
            return grant.accessToken();
        }

        private void use(Grant fresh, Instant now) {
            grant = fresh;
            refreshAt = now.plus(Duration.between(now, fresh.expiresAt()).multipliedBy(2).dividedBy(3));
        }
    }

    private Grant request(Map<String, String> form, String what) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Instant sent = Instant.now();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode reply = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !reply.hasNonNull("access_token")) {
                throw new StackException(what + " at " + tokenEndpoint + " gave " + response.statusCode() + ": "
                        + reply.path("error_description").asText(response.body()));
            }
            return new Grant(reply.get("access_token").asText(), sent.plusSeconds(reply.path("expires_in").asLong()),
                    reply.path("refresh_token").asText(null), sent.plusSeconds(reply.path("refresh_expires_in").asLong()));
        } catch (IOException e) {
            throw new StackException(what + " at " + tokenEndpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted during " + what, e);
        }
    }
}
