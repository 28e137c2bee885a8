package dev.processflow.order.placement;

import dev.processflow.events.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /orders}. Neither prices nor the customer are taken from the client: the catalog replica
 * prices the items, the sign-in token names the customer.
 */
public record PlaceOrderRequest(
        @NotNull @Size(min = 1, max = Limits.ORDER_LINES, message = "must hold 1 to " + Limits.ORDER_LINES + " items")
        List<@NotNull @Valid Item> items,
        @NotBlank @Size(max = 255) String paymentToken) {

    public record Item(
            @NotBlank @Size(max = Limits.SKU) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a SKU such as SKU-001") String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
