package dev.processflow.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

@Entity
@Table(name = "order_item")
public class OrderItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_item_ids")
    @SequenceGenerator(name = "order_item_ids", sequenceName = "order_item_id_seq", allocationSize = 50)
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
