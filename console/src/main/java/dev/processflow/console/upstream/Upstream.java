package dev.processflow.console.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Calls the services' public APIs on behalf of the signed-in user, with the user's own access token, so every
 * service decides for itself what this user may see or do. Non-blocking; a service that cannot be reached is a 503
 * problem, as if it had said so itself.
 */
@ApplicationScoped
public class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);

    private final HttpClient client;
    private final ConsoleConfig endpoints;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public Upstream(ConsoleConfig endpoints, ObjectMapper mapper) {
        this.endpoints = endpoints;
        this.mapper = mapper;
        this.timeout = endpoints.upstreamTimeout();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** A request to one service: method, path with query, the user's token if any, body and its type. */
    public record Call(Service service, String method, String path, Optional<String> token, byte[] body,
            Map<String, String> headers) {

        public static Call get(Service service, String path, Optional<String> token) {
            return new Call(service, "GET", path, token, new byte[0], Map.of());
        }

        public static Call send(Service service, String method, String path, Optional<String> token, byte[] body,
                String contentType) {
            return new Call(service, method, path, token, body, contentType == null ? Map.of()
                    : Map.of("Content-Type", contentType));
        }

        public Call withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(service, method, path, token, body, more);
        }
    }

    public Uni<Reply> call(Call call) {
        URI uri = call.service().url(endpoints).resolve(call.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(call.method(), call.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        call.headers().forEach(request::header);
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()))
                .map(response -> new Reply(response.statusCode(), response.headers().map(), response.body()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("%s %s failed: %s", call.method(), uri, failure.toString());
                    return unavailable(call.service(), failure);
                });
    }

    /** The JSON of a successful reply. */
    public JsonNode json(Reply reply) {
        try {
            return mapper.readTree(reply.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a service answered with malformed JSON", e);
        }
    }

    /** The JSON of a reply, if it has a body that is JSON. */
    public JsonNode jsonOrNull(Reply reply) {
        try {
            return reply.body().length == 0 ? null : mapper.readTree(reply.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Reply unavailable(Service service, Throwable failure) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service unavailable");
        problem.put("status", 503);
        problem.put("detail", service.serviceName() + " did not answer (" + failure.getClass().getSimpleName() + ")");
        try {
            return new Reply(503, Map.of("Content-Type", List.of("application/problem+json")),
                    mapper.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value as one path segment or query value: every reserved character escaped. */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
