package dev.processflow.console.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the five services' HTTP APIs where a test is about the console's own logic (what it shows to whom,
 * where it sends an operator's redrive). Each service is its own HTTP server; a test sets its answers over HTTP
 * ({@link #answer}), so the stand-in works whichever class loader the test and Quarkus use. An answer may name an
 * owner: then, as the real services do, anyone but the owner or an admin gets 404. Every request is recorded.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    public static final List<String> SERVICES = List.of("order", "payment", "inventory", "notification", "image");
    private static final String PROPERTY = "processflow.test.stub.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String service : SERVICES) {
            config.put("processflow.console." + service + "-url", url(service));
        }
        return config;
    }

    @Override
    public void stop() {
        // the stand-ins outlive each Quarkus application and stop with the JVM
    }

    /** The stand-in's address, started on first use. */
    public static synchronized String url(String service) {
        String running = System.getProperty(PROPERTY + service);
        if (running != null) {
            return running;
        }
        Map<String, ObjectNode> answers = new ConcurrentHashMap<>();
        List<String> requests = new CopyOnWriteArrayList<>();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> handle(exchange, answers, requests));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            System.setProperty(PROPERTY + service, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, {@code method path} on {@code service} answers {@code status} with {@code body}, to anyone. */
    public static void answer(String service, String method, String path, int status, Object body) {
        answer(service, method, path, status, body, null);
    }

    /** As {@link #answer(String, String, String, int, Object)}, but only to {@code owner} and admins; 404 to others. */
    public static void answer(String service, String method, String path, int status, Object body, String owner) {
        ObjectNode fixture = MAPPER.createObjectNode();
        fixture.put("method", method).put("path", path).put("status", status).put("owner", owner);
        fixture.set("body", MAPPER.valueToTree(body));
        send(service, "PUT", "/__stub/answers", fixture.toString());
    }

    /** Every request the stand-in got, as {@code METHOD path?query subject}, oldest first. */
    public static List<String> requests(String service) {
        try {
            return List.of(MAPPER.readValue(send(service, "GET", "/__stub/requests", null), String[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String send(String service, String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url(service) + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void handle(HttpExchange exchange, Map<String, ObjectNode> answers, List<String> requests)
            throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String target = query == null ? path : path + "?" + query;
        String method = exchange.getRequestMethod();
        if (path.equals("/__stub/answers")) {
            ObjectNode fixture = (ObjectNode) MAPPER.readTree(exchange.getRequestBody());
            answers.put(fixture.path("method").asText() + " " + fixture.path("path").asText(), fixture);
            respond(exchange, 204, null);
            return;
        }
        if (path.equals("/__stub/requests")) {
            respond(exchange, 200, MAPPER.writeValueAsString(requests));
            return;
        }
        JsonNode claims = claims(exchange.getRequestHeaders().getFirst("Authorization"));
        String subject = claims == null ? null : claims.path("sub").asText(null);
        requests.add(method + " " + target + " " + subject);
        ObjectNode fixture = answers.get(method + " " + target);
        if (fixture == null) {
            respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            return;
        }
        String owner = fixture.path("owner").asText(null);
        boolean admin = claims != null && claims.path("realm_access").path("roles").toString().contains("\"admin\"");
        if (owner != null && !admin && !owner.equals(subject)) {
            respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            return;
        }
        respond(exchange, fixture.path("status").asInt(), fixture.path("body").toString());
    }

    /** The token's claims, read without verifying it: a stand-in, not a resource server. */
    private static JsonNode claims(String authorization) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        return MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
