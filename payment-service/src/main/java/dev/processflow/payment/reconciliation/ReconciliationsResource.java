package dev.processflow.payment.reconciliation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator endpoints of reconciliation: its history, and a run on demand. {@code admin} only. */
@Path("/admin/reconciliations")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationsResource {

    /** One run as the API shows it. */
    public record RunView(long id, ReconciliationTrigger trigger, Instant startedAt, Instant finishedAt, int examined,
            int captures, int voids, int authorizations, int undecided) {

        static RunView of(ReconciliationRun run) {
            return new RunView(run.id, run.trigger, run.startedAt, run.finishedAt, run.examined, run.captures, run.voids,
                    run.authorizations, run.undecided);
        }
    }

    private final Reconciliation reconciliation;
    private final ReconciliationHistory history;

    public ReconciliationsResource(Reconciliation reconciliation, ReconciliationHistory history) {
        this.reconciliation = reconciliation;
        this.history = history;
    }

    @GET
    @Operation(summary = "The latest reconciliations, newest first (admin)")
    public List<RunView> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        return history.latest(Math.max(1, Math.min(limit, 500))).stream().map(RunView::of).toList();
    }

    @POST
    @Operation(summary = "Reconcile now: capture or void authorized payments to match their order's decision (admin)")
    public RunView run() {
        return RunView.of(reconciliation.run(ReconciliationTrigger.OPERATOR));
    }
}
