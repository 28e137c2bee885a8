package dev.processflow.platform.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.events.EventType;
import dev.processflow.events.MalformedEventException;
import dev.processflow.platform.eventing.Provenance;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.tracing.EventTracing;
import dev.processflow.platform.tracing.EventTracing.Processing;
import dev.processflow.platform.tracing.EventTracing.Transport;
import dev.processflow.platform.tracing.TraceContext;
import io.cloudevents.CloudEventData;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Push delivery of CloudEvents over HTTP, binary or structured mode, for Knative KafkaSources and PingSources. It
 * exists only where {@code processflow.push.enabled} is true (the {@code knative} profile); elsewhere there is no such
 * route. Every delivery carries a bearer token of the cluster's service-account issuer for this service's audience,
 * verified by the {@code eventing} OIDC tenant; its subject must be an allowed sender, and a sender may deliver only
 * what it relays. The event itself must come from its type's owner. Then it calls the same function as the Kafka
 * consumer.
 * <p>
 * 2xx: processed or duplicate; 400: malformed or not consumed here; 401: no valid token; 403: a sender not allowed
 * to deliver this; 503: transient failure, retry later. Nothing is applied unless the answer is 2xx.
 */
@Path("/events")
@EndpointDisabled(name = "processflow.push.enabled", stringValue = "false", disableIfMissing = true)
// Senders are not users: the eventing tenant's identity is checked below, never a role of the users' realm.
@PermitAll
public class CloudEventsResource {

    private static final Logger LOG = Logger.getLogger(CloudEventsResource.class);
    private static final String EVENTING_TENANT = "eventing";

    private final Instance<PushFunctions> functions;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final SecurityIdentity identity;
    private final PushSenders senders;
    private final EventTracing tracing;

    public CloudEventsResource(Instance<PushFunctions> functions, EventCodec codec, MeterRegistry registry,
            SecurityIdentity identity, PushSenders senders, EventTracing tracing) {
        this.functions = functions;
        this.codec = codec;
        this.registry = registry;
        this.identity = identity;
        this.senders = senders;
        this.tracing = tracing;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive a CloudEvent pushed by Knative Eventing",
            description = "Binary (ce-* headers) or structured (application/cloudevents+json) mode, with a bearer token"
                    + " of an allowed event source. Exists only in the knative profile.")
    public Response receive(@Context HttpHeaders headers, byte[] body) {
        Optional<String> sender;
        try {
            sender = sender();
        } catch (AuthenticationFailedException e) {
            return refused(401, PushRoutes.BAD_TOKEN);
        }
        if (sender.isEmpty()) {
            return refused(401, "a bearer token of an allowed event source is required");
        }
        if (!senders.known(sender.get())) {
            return refused(403, sender.get() + " is not an event source of this service");
        }
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
        String source = received.getSource() == null ? null : received.getSource().toString();
        Optional<Runnable> trigger = routes.triggerFor(received.getType());
        if (trigger.isPresent()) {
            if (!senders.mayTick(sender.get(), source)) {
                return refused(403, sender.get() + " may not send " + received.getType() + " from " + source);
            }
            return run(received.getType(), () -> trigger.get().run(), Optional.empty());
        }
        Optional<EventType> type = EventType.fromTypeName(received.getType());
        if (type.isPresent() && !senders.mayDeliver(sender.get(), type.get())) {
            return refused(403, sender.get() + " does not relay " + type.get().topic()
                    + ", so it may not deliver " + type.get().typeName());
        }
        CloudEvent<?> event;
        try {
            event = Provenance.owned(codec.decode(received.getId(), source, received.getType(), received.getSubject(),
                    received.getTime() == null ? null : received.getTime().toString(), data(received.getData())));
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
        // The event's own trace goes on (its traceparent attribute); the HTTP request that carried it is one hop of
        // the delivery, linked, whether the sender traced it or not.
        Processing processing = tracing.startProcessing(event, TraceContext.parse(extension(received, "traceparent"),
                extension(received, "tracestate")), Transport.PUSH, event.topic(),
                Optional.of(Span.current().getSpanContext()));
        return run(event.type().typeName(), () -> function.get().accept(decoded), Optional.of(processing));
    }

    private static String extension(io.cloudevents.CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    /**
     * The token's subject, if the request carries a token the {@code eventing} tenant verified. Resolving the
     * identity authenticates the request if that has not happened yet.
     */
    private Optional<String> sender() {
        if (identity.isAnonymous() || !EVENTING_TENANT.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.getSubject());
    }

    private Response run(String type, Runnable work, Optional<Processing> processing) {
        try (Scope inEvent = processing.map(Processing::enter).orElseGet(Scope::noop)) {
            work.run();
            count("processed");
            processing.ifPresent(p -> p.end(EventTracing.Outcome.PROCESSED, null));
            return Response.noContent().build();
        } catch (MalformedEventException e) {
            count("malformed");
            processing.ifPresent(p -> p.end(EventTracing.Outcome.MALFORMED, e));
            return bad("Malformed event", e.getMessage());
        } catch (RuntimeException e) {
            count("failed");
            processing.ifPresent(p -> p.end(EventTracing.Outcome.FAILED, e));
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

    private Response refused(int status, String detail) {
        count(status == 401 ? "unauthorized" : "forbidden");
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(PushRoutes.refusal(status, detail));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, PushRoutes.CHALLENGE);
        }
        return response.build();
    }

    private void count(String outcome) {
        registry.counter("processflow.events.pushed", "outcome", outcome).increment();
    }
}
