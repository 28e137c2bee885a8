package dev.processflow.platform.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.events.MalformedEventException;
import dev.processflow.platform.problem.Problem;
import io.cloudevents.CloudEventData;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Push delivery of CloudEvents over HTTP, binary or structured mode, for Knative KafkaSources and Triggers. It calls
 * the same function as the Kafka consumer. 2xx: processed or duplicate; 400: malformed or not consumed here, never
 * worth retrying; 503: transient failure, retry later.
 */
@Path("/events")
// Event senders are not users: the users' realm never decides who may push events.
@PermitAll
public class CloudEventsResource {

    private static final Logger LOG = Logger.getLogger(CloudEventsResource.class);

    private final Instance<PushFunctions> functions;
    private final EventCodec codec;
    private final MeterRegistry registry;

    public CloudEventsResource(Instance<PushFunctions> functions, EventCodec codec, MeterRegistry registry) {
        this.functions = functions;
        this.codec = codec;
        this.registry = registry;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive a CloudEvent pushed by Knative", description = "Binary (ce-* headers) or structured (application/cloudevents+json) mode.")
    public Response receive(@Context HttpHeaders headers, byte[] body) {
        io.cloudevents.CloudEvent received;
        try {
            Map<String, List<String>> requestHeaders = headers.getRequestHeaders();
            received = HttpMessageFactory.createReader(
                    forEach -> requestHeaders.forEach((name, values) -> values.forEach(v -> forEach.accept(name, v))),
                    body).toEvent();
        } catch (RuntimeException e) {
            return bad("Not a CloudEvent", "the request is neither a binary nor a structured CloudEvent: " + e.getMessage());
        }
        if (functions.isUnsatisfied()) {
            return bad("No functions", "this service consumes no events");
        }
        PushFunctions routes = functions.get();
        Optional<Runnable> trigger = routes.triggerFor(received.getType());
        if (trigger.isPresent()) {
            return run(received.getType(), () -> trigger.get().run());
        }
        CloudEvent<?> event;
        try {
            event = codec.decode(received.getId(), received.getSource() == null ? null : received.getSource().toString(),
                    received.getType(), received.getSubject(),
                    received.getTime() == null ? null : received.getTime().toString(), data(received.getData()));
        } catch (MalformedEventException e) {
            count("malformed");
            return bad("Malformed event", e.getMessage());
        }
        Optional<Consumer<CloudEvent<?>>> function = routes.functionFor(event.type());
        if (function.isEmpty()) {
            count("unrouted");
            return bad("Event not consumed here", event.type().typeName() + " is not consumed by this service");
        }
        CloudEvent<?> decoded = event;
        return run(event.type().typeName(), () -> function.get().accept(decoded));
    }

    private Response run(String type, Runnable work) {
        try {
            work.run();
            count("processed");
            return Response.noContent().build();
        } catch (MalformedEventException e) {
            count("malformed");
            return bad("Malformed event", e.getMessage());
        } catch (RuntimeException e) {
            count("failed");
            LOG.warnf(e, "push delivery of %s failed; the sender will retry", type);
            return Response.status(503).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(503, "Temporarily unable to process", "retry later")).build();
        }
    }

    private static String data(CloudEventData data) {
        return data == null ? null : new String(data.toBytes(), StandardCharsets.UTF_8);
    }

    private Response bad(String title, String detail) {
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(Problem.of(400, title, detail)).build();
    }

    private void count(String outcome) {
        registry.counter("processflow.events.pushed", "outcome", outcome).increment();
    }

}
