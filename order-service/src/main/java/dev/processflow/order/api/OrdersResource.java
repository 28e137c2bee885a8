package dev.processflow.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.order.OrderStatus;
import dev.processflow.order.placement.CardDataGuard;
import dev.processflow.order.placement.OrderPlacement;
import dev.processflow.order.placement.PlaceOrderRequest;
import dev.processflow.order.query.OrderQueries;
import dev.processflow.order.query.OrderView;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** REST adapter of order placement and order queries. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    private static final int MAX_LIMIT = 100;

    private final OrderPlacement placement;
    private final OrderQueries queries;
    private final ObjectMapper mapper;
    private final Validator validator;

    public OrdersResource(OrderPlacement placement, OrderQueries queries, ObjectMapper mapper, Validator validator) {
        this.placement = placement;
        this.queries = queries;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order", description = "Answers 202 with the PENDING order; its outcome follows asynchronously.")
    @RequestBody(content = @Content(schema = @Schema(implementation = PlaceOrderRequest.class)))
    public Response place(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
            throw invalid(List.of(new Problem.Violation("Idempotency-Key", "must be 1 to 255 characters")));
        }
        PlaceOrderRequest request = parse(body);
        OrderView view = placement.place(request, idempotencyKey);
        // The contract promises the relative path; JAX-RS would make location() absolute.
        return Response.accepted(view).header("Location", "/orders/" + view.id()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An order with its status and the timeline of its flow")
    public OrderView get(@PathParam("id") String id) {
        UUID orderId = parseId(id);
        return queries.find(orderId).orElseThrow(() -> new ProblemException(
                Problem.of(404, "Order not found", "no order with id " + orderId)));
    }

    @GET
    @Operation(summary = "Orders, newest first", description = "Page with offset and limit (1 to 100); filter by status.")
    public Response list(@QueryParam("status") String status, @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset, @jakarta.ws.rs.core.Context UriInfo uri) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw invalid(List.of(new Problem.Violation(limit < 1 || limit > MAX_LIMIT ? "limit" : "offset",
                    limit < 1 || limit > MAX_LIMIT ? "must be between 1 and " + MAX_LIMIT : "must not be negative")));
        }
        List<OrderView> page = queries.list(parseStatus(status), offset, limit);
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
