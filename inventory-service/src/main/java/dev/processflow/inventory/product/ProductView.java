package dev.processflow.inventory.product;

import dev.processflow.events.Money;

/** A product as the REST API shows it. */
public record ProductView(String sku, String name, Money price, int onHand, int reserved, int available) {

    public static ProductView of(Product product) {
        return new ProductView(product.sku, product.name, product.price(), product.onHand, product.reserved,
                product.available());
    }
}
