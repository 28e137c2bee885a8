package dev.processflow.inventory.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.processflow.inventory.product.ProductCatalog;
import dev.processflow.inventory.product.ProductCatalog.Change;
import dev.processflow.inventory.product.ProductCatalog.IfExists;
import dev.processflow.inventory.product.ProductCatalog.Upserted;
import dev.processflow.inventory.product.ProductView;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** REST adapter of the catalog: anyone reads products, admins create and update them. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductsResource {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ProductCatalog catalog;
    private final Validator validator;
    private final ObjectReader requestReader;

    public ProductsResource(ProductCatalog catalog, ObjectMapper mapper, Validator validator) {
        this.catalog = catalog;
        this.validator = validator;
        this.requestReader = strict(mapper).readerFor(ProductRequest.class);
    }

    @GET
    @PermitAll
    @Operation(summary = "All products, sorted by SKU")
    public List<ProductView> list() {
        return catalog.list();
    }

    @GET
    @PermitAll
    @Path("/{sku}")
    @Operation(summary = "A product with its stock: onHand, reserved for orders in progress, available")
    public ProductView get(@PathParam("sku") String sku) {
        return catalog.find(sku).orElseThrow(() -> new ProblemException(
                Problem.of(404, "Product not found", "no product with SKU " + sku)));
    }

    @PUT
    @Path("/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create (201) or update (200) a product",
            description = "Admin only. onHand may not go below the units reserved for orders in progress (409).")
    @RequestBody(content = @Content(schema = @Schema(implementation = ProductRequest.class)))
    public Response put(@PathParam("sku") String sku, String body) {
        if (!SKU.matcher(sku).matches()) {
            throw invalid(List.of(new Problem.Violation("sku",
                    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
        }
        Upserted upserted = catalog.upsert(sku, parse(body).toSpec(), IfExists.UPDATE);
        if (upserted.change() == Change.CREATED) {
            // The contract promises the relative path; JAX-RS would make location() absolute.
            return Response.status(Response.Status.CREATED).entity(upserted.product())
                    .header("Location", "/products/" + sku).build();
        }
        return Response.ok(upserted.product()).build();
    }

    private ProductRequest parse(String body) {
        ProductRequest request;
        try {
            request = requestReader.readValue(body == null ? "" : body);
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                throw malformed();
            }
            throw invalid(List.of(new Problem.Violation(path(e), "has the wrong type")));
        } catch (JsonProcessingException e) {
            throw malformed();
        }
        if (request == null) {
            throw malformed();
        }
        List<Problem.Violation> violations = validator.validate(request).stream()
                .map(v -> new Problem.Violation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return request;
    }

    /** Money and stock are whole numbers: "12", 12.5 or true are refused rather than silently converted. */
    private static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static ProblemException malformed() {
        return new ProblemException(Problem.of(400, "Malformed JSON",
                "the request body must be a JSON object: {\"name\", \"price\": {\"amount\", \"currency\"}, \"onHand\"}"));
    }

    private static ProblemException invalid(List<Problem.Violation> violations) {
        return new ProblemException(Problem.of(400, "Invalid request", "one or more fields are invalid")
                .withViolations(violations));
    }
}
