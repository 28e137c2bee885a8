package dev.processflow.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.order.OrderStatus;
import dev.processflow.order.placement.CardDataGuard;
import dev.processflow.order.placement.CustomerClaims;
import dev.processflow.order.placement.OrderPlacement;
import dev.processflow.order.placement.PlaceOrderRequest;
import dev.processflow.order.query.OrderFilter;
import dev.processflow.order.query.OrderQueries;
import dev.processflow.order.query.OrderView;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.security.Caller;
import dev.processflow.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * REST adapter of order placement and order queries. Customers place orders and see their own; admins see everyone's.
 * Someone else's order is answered like an unknown one (404), so its existence is not disclosed.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    private static final int MAX_LIMIT = 100;

    private final OrderPlacement placement;
    private final OrderQueries queries;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public OrdersResource(OrderPlacement placement, OrderQueries queries, ObjectMapper mapper, Validator validator,
            SecurityIdentity identity, JsonWebToken token) {
        this.placement = placement;
        this.queries = queries;
        this.mapper = mapper;
        this.validator = validator;
        this.identity = identity;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CUSTOMER)
    @Operation(summary = "Place an order", description = "Customers only. The order belongs to the signed-in customer; "
            + "its e-mail and name are the token's verified email and name claims. Answers 202 with the PENDING order; "
            + "its outcome follows asynchronously.")
    @RequestBody(content = @Content(schema = @Schema(implementation = PlaceOrderRequest.class)))
    public Response place(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
            throw invalid(List.of(new Problem.Violation("Idempotency-Key", "must be 1 to 255 characters")));
        }
        PlaceOrderRequest request = parse(body);
        OrderView view = placement.place(request, CustomerClaims.of(token), idempotencyKey);
        // The contract promises the relative path; JAX-RS would make location() absolute.
        return Response.accepted(view).header("Location", "/orders/" + view.id()).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "An order with its status and the timeline of its flow",
            description = "Its customer or an admin; anyone else gets 404, as for an unknown order.")
    public OrderView get(@PathParam("id") String id) {
        UUID orderId = parseId(id);
        Caller caller = Caller.of(identity);
        return queries.find(orderId).filter(order -> caller.mayRead(order.customer().id()))
                .orElseThrow(() -> new ProblemException(Problem.of(404, "Order not found", "no order with id " + orderId)));
    }

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Orders, newest first", description = "A customer sees their own orders, an admin everyone's. "
            + "Page with offset and limit (1 to 100); filter by status and by placement time: from (inclusive) and "
            + "to (exclusive), ISO-8601 instants such as 2026-11-30T10:15:30Z.")
    public Response list(@QueryParam("status") String status, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset, @jakarta.ws.rs.core.Context UriInfo uri) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw invalid(List.of(new Problem.Violation(limit < 1 || limit > MAX_LIMIT ? "limit" : "offset",
                    limit < 1 || limit > MAX_LIMIT ? "must be between 1 and " + MAX_LIMIT : "must not be negative")));
        }
        Caller caller = Caller.of(identity);
        OrderFilter filter = new OrderFilter(caller.admin() ? Optional.empty() : Optional.of(caller.subject()),
                Optional.ofNullable(parseStatus(status)), parseInstant("from", from), parseInstant("to", to));
        List<OrderView> page = queries.list(filter, offset, limit);
        Response.ResponseBuilder response = Response.ok(page);
        if (page.size() == limit) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("offset", offset + limit).build(), "next");
        }
        return response.build();
    }

    private PlaceOrderRequest parse(String body) {
        JsonNode document;
        try {
            document = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of(400, "Malformed JSON", "the request body is not valid JSON"));
        }
        if (document == null || !document.isObject()) {
            throw new ProblemException(Problem.of(400, "Malformed JSON", "the request body must be a JSON object"));
        }
        List<String> cardFields = CardDataGuard.findCardData(document);
        if (!cardFields.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Card data is not accepted",
                    "send a payment token (paymentToken) instead of card details; nothing was stored")
                    .withViolations(cardFields.stream()
                            .map(f -> new Problem.Violation(f, "looks like card data")).toList()));
        }
        if (document.has("customer")) {
            throw invalid(List.of(new Problem.Violation("customer",
                    "must not be sent: the order belongs to the signed-in customer, named by the access token")));
        }
        PlaceOrderRequest request;
        try {
            request = mapper.treeToValue(document, PlaceOrderRequest.class);
        } catch (JsonMappingException e) {
            throw invalid(List.of(new Problem.Violation(path(e), "has the wrong type")));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of(400, "Malformed JSON", "the request body is not an order"));
        }
        Set<ConstraintViolation<PlaceOrderRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw invalid(violations.stream()
                    .map(v -> new Problem.Violation(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.Violation::field))
                    .toList());
        }
        return request;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static ProblemException invalid(List<Problem.Violation> violations) {
        return new ProblemException(Problem.of(400, "Invalid request", "one or more fields are invalid")
                .withViolations(violations));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(404, "Order not found", "order ids are UUIDs"));
        }
    }

    private static Optional<Instant> parseInstant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw invalid(List.of(new Problem.Violation(parameter, "must be an ISO-8601 instant such as 2026-11-30T10:15:30Z")));
        }
    }

    private static OrderStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new Problem.Violation("status", "must be PENDING, CONFIRMED or REJECTED")));
        }
    }
}
