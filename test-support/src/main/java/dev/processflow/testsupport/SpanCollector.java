package dev.processflow.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A span collector speaking the part of Zipkin's v2 HTTP API the services and tests use: {@code POST /api/v2/spans}
 * (JSON) and {@code GET /api/v2/trace/{id}}. Started once per test JVM; the services export to it as they would to
 * Zipkin, and tests read traces back over HTTP (so the test's and the application's class loaders need not meet).
 */
public final class SpanCollector {

    private static final String URL_PROPERTY = "processflow.test.span-collector.url";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient client = HttpClient.newHttpClient();

    private SpanCollector(String url) {
        this.url = url;
    }

    /** The collector of this JVM, started on first use. */
    public static synchronized SpanCollector shared() {
        String url = System.getProperty(URL_PROPERTY);
        return new SpanCollector(url == null ? start() : url);
    }

    /** Where the services send spans: {@code processflow.tracing.zipkin.endpoint}. */
    public String spansEndpoint() {
        return url + "/api/v2/spans";
    }

    /** The spans of one trace received so far, in arrival order; empty if none. */
    public List<JsonNode> trace(String traceId) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/trace/" + traceId))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return List.of();
            }
            List<JsonNode> spans = new ArrayList<>();
            JSON.readTree(response.body()).forEach(spans::add);
            return spans;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String start() {
        Map<String, List<JsonNode>> traces = new ConcurrentHashMap<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the span collector could not listen", e);
        }
        server.createContext("/api/v2/spans", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                for (JsonNode span : JSON.readTree(body)) {
                    traces.computeIfAbsent(span.path("traceId").asText(), id -> new CopyOnWriteArrayList<>())
                            .add(span);
                }
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.createContext("/api/v2/trace/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v2/trace/".length());
            List<JsonNode> spans = traces.get(id);
            if (spans == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            respond(exchange, JSON.writeValueAsBytes(spans));
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "span-collector-stop"));
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        System.setProperty(URL_PROPERTY, url);
        return url;
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
