package dev.processflow.console.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.console.feed.EventFeed;
import dev.processflow.console.session.Caller;
import dev.processflow.console.upstream.Reply;
import dev.processflow.console.upstream.Service;
import dev.processflow.console.upstream.Upstream;
import dev.processflow.console.upstream.Upstream.Call;
import dev.processflow.console.web.Problems;
import dev.processflow.console.web.Streams;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's page: which services are up, the dead letters of every topic with redrive, and the outbox backlog and
 * quarantine. Dead letters and the outbox are read from the operator API of the service that owns each topic
 * ({@code /admin/dead-letters}, {@code /admin/outbox}), with the operator's own token; a service without that API, or
 * down, is shown as such.
 */
@Path("/api/ops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
public class OperationsResource {

    /** What one service said to an operator question: its answer if it gave one, else why not. */
    public record ServiceAnswer(String service, boolean available, int status, JsonNode answer, JsonNode more) {
    }

    private final SecurityIdentity identity;
    private final Upstream upstream;
    private final ServiceHealth health;
    private final EventFeed feed;
    private final Streams streams;

    public OperationsResource(SecurityIdentity identity, Upstream upstream, ServiceHealth health, EventFeed feed,
            Streams streams) {
        this.identity = identity;
        this.upstream = upstream;
        this.health = health;
        this.feed = feed;
        this.streams = streams;
    }

    @GET
    @Path("health")
    public ServiceHealth.Snapshot health() {
        return health.current();
    }

    /** Per service: the dead-letter topics it redrives ({@code answer}) and their records, oldest first ({@code more}). */
    @GET
    @Path("dead-letters")
    public Uni<List<ServiceAnswer>> deadLetters() {
        return everyService(service -> both(service, "/admin/dead-letters/topics", "/admin/dead-letters?limit=100"));
    }

    @POST
    @Path("dead-letters/{service}/{id}/redrive")
    public Uni<Response> redrive(@PathParam("service") String service, @PathParam("id") String id) {
        return send(service, "POST", "/admin/dead-letters/" + Upstream.segment(id) + "/redrive");
    }

    @POST
    @Path("dead-letters/{service}/redrive")
    public Uni<Response> redriveTopic(@PathParam("service") String service, @QueryParam("topic") String topic) {
        return send(service, "POST", "/admin/dead-letters/redrive" + (topic == null ? "" : "?topic=" + Upstream.segment(topic)));
    }

    /** Per service: the outbox backlog ({@code answer}) and its quarantined rows ({@code more}). */
    @GET
    @Path("outbox")
    public Uni<List<ServiceAnswer>> outbox() {
        return everyService(service -> both(service, "/admin/outbox", "/admin/outbox/quarantine?limit=100"));
    }

    @POST
    @Path("outbox/{service}/{eventId}/republish")
    public Uni<Response> republish(@PathParam("service") String service, @PathParam("eventId") String eventId) {
        return send(service, "POST", "/admin/outbox/quarantine/" + Upstream.segment(eventId) + "/republish");
    }

    @DELETE
    @Path("outbox/{service}/{eventId}")
    public Uni<Response> drop(@PathParam("service") String service, @PathParam("eventId") String eventId) {
        return send(service, "DELETE", "/admin/outbox/quarantine/" + Upstream.segment(eventId));
    }

    /** {@code health} once checked and at every change; {@code dead-letter} as each record reaches a dead-letter topic. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> changes = health.changes().map(snapshot -> Streams.event(sse, "health", snapshot));
        Multi<OutboundSseEvent> letters = feed.deadLetters().map(notice -> Streams.event(sse, "dead-letter", notice));
        return streams.withHeartbeat(sse, Multi.createBy().merging().streams(changes, letters));
    }

    private Uni<Response> send(String serviceName, String method, String path) {
        Optional<Service> service = Service.named(serviceName);
        if (service.isEmpty()) {
            return Uni.createFrom().item(Problems.of(404, "No such service", "no service named " + serviceName));
        }
        return upstream.call(Call.send(service.get(), method, path, token(), new byte[0], null)).map(Reply::toResponse);
    }

    private Uni<List<ServiceAnswer>> everyService(Function<Service, Uni<ServiceAnswer>> ask) {
        return Uni.join().all(Arrays.stream(Service.values()).map(ask).toList()).andFailFast();
    }

    private Uni<ServiceAnswer> both(Service service, String first, String second) {
        Optional<String> token = token();
        return Uni.combine().all().unis(upstream.call(Call.get(service, first, token)), upstream.call(Call.get(service, second, token)))
                .asTuple().map(replies -> {
                    Reply answer = replies.getItem1();
                    Reply more = replies.getItem2();
                    boolean available = answer.ok() && more.ok();
                    return new ServiceAnswer(service.serviceName(), available, available ? more.status()
                            : (answer.ok() ? more.status() : answer.status()),
                            upstream.jsonOrNull(answer), upstream.jsonOrNull(more));
                });
    }

    private Optional<String> token() {
        return Caller.of(identity).accessToken();
    }
}
