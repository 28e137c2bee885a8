package dev.processflow.payment.reconciliation;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
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

/**
 * Operator endpoints of reconciliation: its history, and a run on demand. {@code admin} only, checked on the caller's
 * identity in every method, so the endpoints fail closed: without a sign-in mechanism there is no identity and
 * nobody gets in (401); with one, the role comes from the verified token.
 */
@Path("/reconciliations")
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
    private final Instance<SecurityIdentity> caller;

    public ReconciliationsResource(Reconciliation reconciliation, ReconciliationHistory history,
            Instance<SecurityIdentity> caller) {
        this.reconciliation = reconciliation;
        this.history = history;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The latest reconciliations, newest first (admin)")
    public List<RunView> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        requireAdmin();
        return history.latest(Math.max(1, Math.min(limit, 500))).stream().map(RunView::of).toList();
    }

    @POST
    @Operation(summary = "Reconcile now: capture or void authorized payments to match their order's decision (admin)")
    public RunView run() {
        requireAdmin();
        return RunView.of(reconciliation.run(ReconciliationTrigger.OPERATOR));
    }

    private void requireAdmin() {
        if (!caller.isResolvable() || caller.get().isAnonymous()) {
            throw new ProblemException(Problem.of(401, "Sign-in required", "reconciliation is for operators (role admin)"));
        }
        if (!caller.get().hasRole("admin")) {
            throw new ProblemException(Problem.of(403, "Operators only", "reconciliation needs the role admin"));
        }
    }
}
