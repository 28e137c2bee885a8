package dev.processflow.console.orders;

import dev.processflow.console.feed.EventFeed;
import dev.processflow.console.feed.FlowEvent;
import dev.processflow.console.session.Caller;
import dev.processflow.console.upstream.Reply;
import dev.processflow.console.upstream.Service;
import dev.processflow.console.upstream.ConsoleConfig;
import dev.processflow.console.upstream.Upstream;
import dev.processflow.console.upstream.Upstream.Call;
import dev.processflow.console.web.Streams;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Orders for the pages: the list, one order's flow graph, placing an order, and both live. Every read goes to
 * order-service with the user's own token, so a customer sees only their orders there; the live streams apply the
 * same rule to what they push: an {@code order.*} event only to its owner (the {@code customer.id} it carries) and to
 * operators, and one order's events only to someone order-service just let read that order.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    private final SecurityIdentity identity;
    private final Upstream upstream;
    private final EventFeed feed;
    private final Streams streams;
    private final ConsoleConfig endpoints;

    public OrdersResource(SecurityIdentity identity, Upstream upstream, EventFeed feed, Streams streams,
            ConsoleConfig endpoints) {
        this.identity = identity;
        this.upstream = upstream;
        this.feed = feed;
        this.streams = streams;
        this.endpoints = endpoints;
    }

    /** The demo catalog, public at inventory-service too. */
    @GET
    @Path("products")
    @PermitAll
    public Uni<Response> products() {
        return upstream.call(Call.get(Service.INVENTORY, "/products", java.util.Optional.empty())).map(Reply::toResponse);
    }

    @GET
    @Path("orders")
    @RolesAllowed({Caller.CUSTOMER, Caller.ADMIN})
    public Uni<Response> list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("status") String status) {
        String query = "?limit=" + limit + (status == null || status.isBlank() ? "" : "&status=" + Upstream.segment(status));
        return upstream.call(Call.get(Service.ORDER, "/orders" + query, caller().accessToken())).map(reply -> {
            if (!reply.ok()) {
                return reply.toResponse();
            }
            List<OrderSummary> summaries = new ArrayList<>();
            upstream.json(reply).forEach(order -> summaries.add(OrderSummary.of(order)));
            return Response.ok(summaries).build();
        });
    }

    @GET
    @Path("orders/{id}")
    @RolesAllowed({Caller.CUSTOMER, Caller.ADMIN})
    public Uni<Response> get(@PathParam("id") String id) {
        return upstream.call(Call.get(Service.ORDER, "/orders/" + Upstream.segment(id), caller().accessToken()))
                .map(reply -> reply.ok() ? Response.ok(flow(OrderState.of(upstream.json(reply)))).build()
                        : reply.toResponse());
    }

    /** Placed as the signed-in customer: order-service takes the customer from the token, never from the body. */
    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.CUSTOMER)
    public Uni<Response> place(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Call call = Call.send(Service.ORDER, "POST", "/orders", caller().accessToken(), body, MediaType.APPLICATION_JSON);
        return upstream.call(idempotencyKey == null ? call : call.withHeader("Idempotency-Key", idempotencyKey))
                .map(Reply::toResponse);
    }

    /**
     * The caller's orders as they change: {@code ready} once listening (the page then loads the list, so nothing
     * falls between), then an {@code order} event per placement, confirmation and rejection.
     */
    @GET
    @Path("orders/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Caller.CUSTOMER, Caller.ADMIN})
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Caller caller = caller();
        Multi<OutboundSseEvent> updates = feed.events()
                .filter(event -> event.customer().map(customer -> caller.mayRead(customer.id())).orElse(false))
                .map(OrderSummary::of)
                .filter(java.util.Optional::isPresent)
                .map(summary -> Streams.event(sse, "order", summary.get()));
        return streams.withHeartbeat(sse, Multi.createBy().merging()
                .streams(updates, Multi.createFrom().item(Streams.event(sse, "ready", Map.of("listening", true)))));
    }

    /**
     * One order's flow graph, again after each of its events. The first {@code flow} event is the order as
     * order-service shows it to this user; if it will not ({@code gone}: someone else's or unknown), nothing follows.
     */
    @GET
    @Path("orders/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Caller.CUSTOMER, Caller.ADMIN})
    public Multi<OutboundSseEvent> orderStream(@PathParam("id") String id, @Context Sse sse) {
        Caller caller = caller();
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Multi.createFrom().item(Streams.event(sse, "gone", Map.of("status", 404, "detail", "order ids are UUIDs")));
        }
        Multi<OutboundSseEvent> flow = Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            List<FlowEvent> early = new ArrayList<>();
            OrderState[] state = new OrderState[1];
            // Listening starts before the order is read, so an event that happens meanwhile is applied, not missed.
            Cancellable live = feed.events().filter(event -> event.orderId().map(orderId::equals).orElse(false))
                    .subscribe().with(event -> {
                        synchronized (lock) {
                            if (state[0] == null) {
                                early.add(event);
                                return;
                            }
                            OrderState next = state[0].apply(event);
                            if (next != state[0]) {
                                state[0] = next;
                                emitter.emit(Streams.event(sse, "flow", flow(next)));
                            }
                        }
                    }, emitter::fail);
            emitter.onTermination(live::cancel);
            upstream.call(Call.get(Service.ORDER, "/orders/" + orderId, caller.accessToken())).subscribe().with(reply -> {
                if (!reply.ok()) {
                    emitter.emit(Streams.event(sse, "gone", Map.of("status", reply.status())));
                    emitter.complete();
                    return;
                }
                synchronized (lock) {
                    OrderState read = OrderState.of(upstream.json(reply));
                    for (FlowEvent event : early) {
                        read = read.apply(event);
                    }
                    state[0] = read;
                    emitter.emit(Streams.event(sse, "flow", flow(read)));
                }
            }, emitter::fail);
        });
        return streams.withHeartbeat(sse, flow);
    }

    private OrderFlow flow(OrderState state) {
        return OrderFlow.of(state, endpoints.traceUrl());
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
