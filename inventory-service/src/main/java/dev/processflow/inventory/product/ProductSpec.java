package dev.processflow.inventory.product;

import dev.processflow.events.Money;

/** What an administrator states about a product; reserved stock is never set from outside. */
public record ProductSpec(String name, Money price, int onHand) {
}
