package dev.processflow.platform.deadletter;

import dev.processflow.deadletters.DeadLetterTopics.DeadLetter;
import dev.processflow.deadletters.DeadLetterTopics.Redriven;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Operators list, inspect and redrive the dead letters of the topics this service owns. A redriven record goes back
 * to its original topic with its original key and headers; redriving it again changes nothing, as consumers dedupe.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class DeadLettersResource {

    private final DeadLetters deadLetters;

    public DeadLettersResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "Dead letters, oldest first", description = "Of one dead-letter topic, or of every one this "
            + "service redrives.")
    public List<DeadLetter> list(@QueryParam("topic") String topic,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(Optional.ofNullable(topic), limit);
    }

    @GET
    @Path("/topics")
    @Operation(summary = "The dead-letter topics this service redrives")
    public List<String> topics() {
        return deadLetters.served();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dead letter (id topic:partition:offset) with its reason, headers and value")
    public DeadLetter show(@PathParam("id") String id) {
        return deadLetters.find(id);
    }

    @POST
    @Path("/{id}/redrive")
    @Operation(summary = "Republish one dead letter to its original topic")
    public Redriven redrive(@PathParam("id") String id) {
        return deadLetters.redrive(id);
    }

    @POST
    @Path("/redrive")
    @Operation(summary = "Republish every dead letter of a topic (of every topic this service redrives without one)")
    public List<Redriven> redriveAll(@QueryParam("topic") String topic) {
        return deadLetters.redriveAll(Optional.ofNullable(topic));
    }
}
