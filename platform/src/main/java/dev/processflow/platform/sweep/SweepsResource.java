package dev.processflow.platform.sweep;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operators run a sweep (reconciliation, parked retries, the outbox) now instead of waiting for its schedule. */
@Path("/admin/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class SweepsResource {

    public record Run(String sweep, int acted) {
    }

    private final Sweeps sweeps;

    public SweepsResource(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @GET
    @Operation(summary = "The sweeps of this service")
    public List<String> list() {
        return sweeps.names();
    }

    @POST
    @Path("/{name}")
    @Operation(summary = "Run a sweep now", description = "Answers how many items it acted on.")
    public Run run(@PathParam("name") String name) {
        Sweep sweep = sweeps.named(name).orElseThrow(() -> new ProblemException(
                Problem.of(404, "No such sweep", "this service has no sweep " + name + "; it has " + sweeps.names())));
        return new Run(name, sweeps.run(sweep));
    }
}
