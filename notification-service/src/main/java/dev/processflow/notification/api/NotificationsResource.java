package dev.processflow.notification.api;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.security.Caller;
import dev.processflow.platform.security.Roles;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * REST adapter of the sent (and failed) notifications. A customer lists the notifications of their own orders; for
 * anyone else's order, or an unknown one, the list is empty, so it discloses nothing. The unfiltered listing, every
 * customer's e-mail address, is for admins only.
 */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final NotificationQueries queries;
    private final SecurityIdentity identity;

    public NotificationsResource(NotificationQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    /** Query parameters arrive as text so a bad value is a 400 naming it, not JAX-RS's bare 404. */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Notifications of an order, or the newest ones",
            description = "With orderId: that order's notifications, for its customer or an admin (anyone else gets an "
                    + "empty list, as for an unknown order). Without: admins only, newest first, at most limit "
                    + "(1 to 200, default 50).")
    public List<NotificationView> list(
            @Parameter(description = "an order id (UUID)") @QueryParam("orderId") String orderId,
            @Parameter(description = "1 to 200, default 50; ignored with orderId") @QueryParam("limit") String limit) {
        Caller caller = Caller.of(identity);
        if (orderId != null) {
            return queries.forOrder(parseOrderId(orderId), caller);
        }
        if (!caller.admin()) {
            throw new ForbiddenException("listing every customer's notifications needs the admin role; filter by orderId");
        }
        return queries.newest(parseLimit(limit));
    }

    /** Only the canonical form: UUID.fromString alone would take "1-2-3-4-5". */
    private static UUID parseOrderId(String orderId) {
        if (!CANONICAL_UUID.matcher(orderId).matches()) {
            throw invalid("orderId", "must be a UUID");
        }
        return UUID.fromString(orderId);
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range value
        }
        throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.of(400, "Invalid request", "one or more query parameters are invalid")
                .withViolations(List.of(new Problem.Violation(field, message))));
    }
}
