package dev.processflow.inventory.reservation;

import jakarta.persistence.Embeddable;

/** One SKU of a reservation. */
@Embeddable
public class ReservationLine {

    public String sku;

    public int quantity;

    protected ReservationLine() {
    }
}
