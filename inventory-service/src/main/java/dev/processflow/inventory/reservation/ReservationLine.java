package dev.processflow.inventory.reservation;

import jakarta.persistence.Embeddable;

/** One SKU of a reservation. */
@Embeddable
public class ReservationLine {

    public String sku;

    public int quantity;

    protected ReservationLine() {
    }

    ReservationLine(String sku, int quantity) {
        this.sku = sku;
        this.quantity = quantity;
    }
}
