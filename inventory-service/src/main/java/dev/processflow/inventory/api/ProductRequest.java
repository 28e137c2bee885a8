package dev.processflow.inventory.api;

import dev.processflow.events.Money;
import dev.processflow.inventory.product.ProductSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /products/{sku}}. Unknown members (a GET document's reserved, available) are ignored. */
public record ProductRequest(
        @NotBlank @Size(max = 200, message = "must be 1 to 200 characters") String name,
        @NotNull @Valid Price price,
        @NotNull @Min(0) Integer onHand) {

    /** Integer minor units, never a fraction. */
    public record Price(@NotNull @Min(0) Long amount, @NotNull @IsoCurrency String currency) {
    }

    ProductSpec toSpec() {
        return new ProductSpec(name, new Money(price.amount(), price.currency()), onHand);
    }
}
