package dev.processflow.order.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** order-service's copy of a catalog product, as last published by inventory-service. */
@Entity
@Table(name = "catalog_product")
public class CatalogProduct extends PanacheEntityBase {

    @Id
    public String sku;

    public String name;

    @Column(name = "price_amount")
    public long priceAmount;

    @Column(columnDefinition = "bpchar")
    public String currency;

    public int available;

    /** Width of the name column. */
    public static final int MAX_NAME = 200;

    /** inventory-service's sequence number of the state held here; see {@link CatalogReplica}. */
    public long version;

    /** When inventory-service announced that state; shown, never used to order announcements. */
    @Column(name = "updated_at")
    public Instant updatedAt;
}
