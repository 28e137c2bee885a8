package dev.processflow.console.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processflow.console.feed.EventFeed;
import dev.processflow.console.session.Caller;
import dev.processflow.console.upstream.Reply;
import dev.processflow.console.upstream.Service;
import dev.processflow.console.upstream.Upstream;
import dev.processflow.console.upstream.Upstream.Call;
import dev.processflow.console.web.Streams;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Images for the pages: the upload goes to image-service as it came (multipart, the user's token), and the image's
 * metadata and variants come back through the console, so the page talks to one origin only.
 */
@Path("/api/images")
@RolesAllowed({Caller.CUSTOMER, Caller.ADMIN})
public class ImagesResource {

    private final SecurityIdentity identity;
    private final Upstream upstream;
    private final EventFeed feed;
    private final Streams streams;

    public ImagesResource(SecurityIdentity identity, Upstream upstream, EventFeed feed, Streams streams) {
        this.identity = identity;
        this.upstream = upstream;
        this.feed = feed;
        this.streams = streams;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> upload(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return upstream.call(Call.send(Service.IMAGE, "POST", "/images", Caller.of(identity).accessToken(), body,
                contentType)).map(reply -> reply.ok() ? Response.status(reply.status())
                        .type(MediaType.APPLICATION_JSON_TYPE).entity(upstream.json(reply)).build() : reply.toResponse());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> get(@PathParam("id") String id) {
        return read(id).map(reply -> reply.ok() ? Response.ok(view(upstream.json(reply))).build() : reply.toResponse());
    }

    @GET
    @Path("{id}/variants/{name}")
    public Uni<Response> variant(@PathParam("id") String id, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Call call = Call.get(Service.IMAGE, "/images/" + Upstream.segment(id) + "/variants/" + Upstream.segment(name),
                Optional.empty());
        return upstream.call(ifNoneMatch == null ? call : call.withHeader(HttpHeaders.IF_NONE_MATCH, ifNoneMatch))
                .map(Reply::toResponse);
    }

    /**
     * The image as it is now ({@code image}), and again once its variants are ready or it failed; the page needs no
     * second request and no polling.
     */
    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse) {
        UUID imageId;
        try {
            imageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Multi.createFrom().item(Streams.event(sse, "gone", Map.of("status", 404)));
        }
        // Listening first, then reading: a resize that finishes in between is still seen.
        Multi<Reply> finished = feed.events()
                .filter(event -> event.imageId().map(imageId::equals).orElse(false))
                .filter(event -> event.type() != dev.processflow.events.EventType.IMAGE_UPLOADED)
                .onItem().transformToUniAndConcatenate(event -> read(id));
        Multi<Reply> replies = Multi.createBy().merging().streams(finished, read(id).toMulti());
        return streams.withHeartbeat(sse, replies.map(reply -> reply.ok()
                ? Streams.event(sse, "image", view(upstream.json(reply)))
                : Streams.event(sse, "gone", Map.of("status", reply.status()))));
    }

    private Uni<Reply> read(String id) {
        return upstream.call(Call.get(Service.IMAGE, "/images/" + Upstream.segment(id), Optional.empty()));
    }

    /** The service's view with each variant's address moved under the console's own path. */
    private static JsonNode view(JsonNode image) {
        String id = image.path("id").asText();
        image.path("variants").forEach(variant -> ((ObjectNode) variant).put("url",
                "/api/images/" + Upstream.segment(id) + "/variants/" + Upstream.segment(variant.path("name").asText())));
        return image;
    }
}
