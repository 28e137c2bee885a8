package dev.processflow.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * An issuer's discovery document and keys served, as the Kubernetes API server serves them, only to callers that
 * present a bearer token: a front for a {@link TestIssuer} that refuses anyone else with 401. The discovery document
 * names this front as the key location and keeps the issuer's own {@code issuer}, so tokens still verify.
 */
public final class GuardedIssuer implements AutoCloseable {

    private static final String DISCOVERY = "/.well-known/openid-configuration";
    private static final String KEYS = "/protocol/openid-connect/certs";

    private final TestIssuer issuer;
    private final String credential;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    private GuardedIssuer(TestIssuer issuer, String credential) {
        this.issuer = issuer;
        this.credential = credential;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    /** A front for the issuer that admits only {@code Authorization: Bearer <credential>}. */
    public static GuardedIssuer of(TestIssuer issuer, String credential) {
        return new GuardedIssuer(issuer, credential);
    }

    /** What a client configures as the issuer's location. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!("Bearer " + credential).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"message\": \"Unauthorized\"}");
            return;
        }
        if (path.endsWith(DISCOVERY)) {
            respond(exchange, 200, fetch(issuer.url() + DISCOVERY)
                    .replace(issuer.url() + KEYS, url() + KEYS));
        } else if (path.endsWith(KEYS)) {
            respond(exchange, 200, fetch(issuer.url() + KEYS));
        } else {
            respond(exchange, 404, "{}");
        }
    }

    private String fetch(String location) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(location)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + location, e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
