package dev.processflow.inventory.product;

import dev.processflow.events.Money;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A product and its stock. {@code reserved} units are held for orders that are not decided yet, so only
 * {@code available = onHand - reserved} can be promised to a new order. Stock moves only under the product's row
 * lock: {@link #lock(String)} for catalog edits, the reservation function's own statements for orders, where a product
 * is a plain object holding only its stock.
 */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {

    @Id
    public String sku;

    public String name;

    @Column(name = "price_amount")
    public long priceAmount;

    @Column(columnDefinition = "bpchar")
    public String currency;

    @Column(name = "on_hand")
    public int onHand;

    public int reserved;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Stock moved since the catalog last heard of this product; see {@link CatalogEvents}. */
    @Column(name = "catalog_pending")
    public boolean catalogPending;

    /** The number of the product's latest catalog announcement: its own sequence, never a clock. */
    @Column(name = "catalog_version")
    public long catalogVersion;

    /** The product with its row locked until the transaction ends, or null if there is no such SKU. */
    public static Product lock(String sku) {
        return findById(sku, LockModeType.PESSIMISTIC_WRITE);
    }

    public int available() {
        return onHand - reserved;
    }

    public Money price() {
        return new Money(priceAmount, currency);
    }

    void describe(String newName, Money newPrice, int newOnHand) {
        if (newOnHand < reserved) {
            throw new IllegalStateException(sku + ": onHand " + newOnHand + " is below the " + reserved + " reserved");
        }
        name = newName;
        priceAmount = newPrice.amount();
        currency = newPrice.currency();
        onHand = newOnHand;
        touch();
    }

    public void reserve(int quantity) {
        if (quantity <= 0 || quantity > available()) {
            throw new IllegalStateException(sku + ": cannot reserve " + quantity + " of " + available() + " available");
        }
        reserved += quantity;
        touch();
    }

    /** The reserved units leave the warehouse: they stop being reserved and stop being on hand. */
    public void commit(int quantity) {
        requireReserved(quantity);
        reserved -= quantity;
        onHand -= quantity;
        touch();
    }

    public void release(int quantity) {
        requireReserved(quantity);
        reserved -= quantity;
        touch();
    }

    private void requireReserved(int quantity) {
        if (quantity <= 0 || quantity > reserved) {
            throw new IllegalStateException(sku + ": " + quantity + " exceeds the " + reserved + " reserved");
        }
    }

    private void touch() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
