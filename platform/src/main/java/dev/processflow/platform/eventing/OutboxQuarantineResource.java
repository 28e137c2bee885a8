package dev.processflow.platform.eventing;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operators inspect the outbox rows the broker refused for good, then re-publish or drop each one. */
@Path("/admin/outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class OutboxQuarantineResource {

    private final OutboxQuarantine quarantine;

    public OutboxQuarantineResource(OutboxQuarantine quarantine) {
        this.quarantine = quarantine;
    }

    @GET
    @Operation(summary = "Rows waiting in the outbox and in its quarantine")
    public OutboxQuarantine.Backlog backlog() {
        return quarantine.backlog();
    }

    @GET
    @Path("/quarantine")
    @Operation(summary = "Quarantined outbox rows, oldest first, each with the broker's reason")
    public List<OutboxQuarantine.Entry> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return quarantine.list(limit);
    }

    @GET
    @Path("/quarantine/{eventId}")
    @Operation(summary = "One quarantined row with its payload")
    public OutboxQuarantine.Entry show(@PathParam("eventId") UUID eventId) {
        return quarantine.find(eventId).orElseThrow(() -> notQuarantined(eventId));
    }

    @POST
    @Path("/quarantine/{eventId}/republish")
    @Operation(summary = "Put the row back into the outbox", description = "The relay publishes it like a new row; "
            + "if the broker still refuses it, it is quarantined again.")
    public Response republish(@PathParam("eventId") UUID eventId) {
        if (!quarantine.republish(eventId)) {
            throw notQuarantined(eventId);
        }
        return Response.accepted().build();
    }

    @DELETE
    @Path("/quarantine/{eventId}")
    @Operation(summary = "Drop the row for good")
    public Response drop(@PathParam("eventId") UUID eventId) {
        if (!quarantine.drop(eventId)) {
            throw notQuarantined(eventId);
        }
        return Response.noContent().build();
    }

    private static ProblemException notQuarantined(UUID eventId) {
        return new ProblemException(Problem.of(404, "Not quarantined", "no quarantined outbox row for event " + eventId));
    }
}
