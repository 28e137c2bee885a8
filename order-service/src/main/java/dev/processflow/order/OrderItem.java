package dev.processflow.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** One line of an order, as read back; written with the order at its placement. */
@Entity
@Immutable
@Table(name = "order_item")
public class OrderItem extends PanacheEntityBase {

    @Id
    public Long id;

    @ManyToOne
    @JoinColumn(name = "order_id")
    public PurchaseOrder order;

    @Column(name = "line_no")
    public int lineNo;

    public String sku;

    public int quantity;

    @Column(name = "unit_price_amount")
    public long unitPriceAmount;
}
