package dev.processflow.payment.api;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.security.Caller;
import dev.processflow.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * REST adapter of the payment queries. A payment is read by its order's customer or an admin; anyone else gets the
 * 404 of an unknown order, so card brand and last digits never reach a stranger, nor the fact that a payment exists.
 */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentsResource {

    private final PaymentQueries queries;
    private final SecurityIdentity identity;

    public PaymentsResource(PaymentQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("/{orderId}")
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "The payment of an order with its history",
            description = "The order's customer or an admin; anyone else gets 404. status is AUTHORIZED, DECLINED, "
                    + "CAPTURED or VOIDED; PENDING while the authorization awaits the provider. pending lists what "
                    + "still waits for the provider (a retried authorization, a parked capture or void).")
    @APIResponse(responseCode = "200", description = "The payment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class)))
    @APIResponse(responseCode = "404", description = "No payment for this order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PaymentView get(@PathParam("orderId") String orderId) {
        UUID id = parseId(orderId);
        return queries.find(id, Caller.of(identity)).orElseThrow(() -> new ProblemException(
                Problem.of(404, "Payment not found", "no payment for order " + id)));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(404, "Payment not found", "order ids are UUIDs"));
        }
    }
}
