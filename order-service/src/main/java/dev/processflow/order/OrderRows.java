package dev.processflow.order;

import static dev.processflow.platform.persistence.SqlTimes.instant;
import static dev.processflow.platform.persistence.SqlTimes.utc;

import dev.processflow.events.Money;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.order.PurchaseOrder.InventoryOutcome;
import dev.processflow.order.PurchaseOrder.PaymentOutcome;
import dev.processflow.platform.persistence.TransactionConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The saga's writes of orders as fixed statements on the transaction's own connection: the insert at placement, the
 * row locks its transitions take, and their updates. Every order passes through each of them, so none goes through
 * the ORM session: the orders read here are plain objects, written back by {@link #update} and never flushed. Reads
 * for the API stay ORM queries ({@code OrderQueries}).
 */
@ApplicationScoped
public class OrderRows {

    private static final String COLUMNS = """
            id, status, rejection_reason, rejection_detail, customer_id, customer_email, customer_name, total_amount,
            currency, payment_outcome, inventory_outcome, deadline_at, created_at, updated_at, follow_up_due_at,
            reannouncements, trace_parent, trace_state""";

    private final TransactionConnection connections;

    public OrderRows(TransactionConnection connections) {
        this.connections = connections;
    }

    /** A new order and its lines, in one round trip for the lines; their ids come from the columns' defaults. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(PurchaseOrder order) {
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO orders (id, status, customer_id, customer_email, customer_name, total_amount, currency,
                                        deadline_at, created_at, updated_at, reannouncements, trace_parent, trace_state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
                insert.setObject(1, order.id);
                insert.setString(2, order.status.name());
                insert.setString(3, order.customerId);
                insert.setString(4, order.customerEmail);
                insert.setString(5, order.customerName);
                insert.setLong(6, order.totalAmount);
                insert.setString(7, order.currency);
                insert.setObject(8, utc(order.deadlineAt));
                insert.setObject(9, utc(order.createdAt));
                insert.setObject(10, utc(order.updatedAt));
                insert.setString(11, order.traceParent);
                insert.setString(12, order.traceState);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO order_item (order_id, line_no, sku, quantity, unit_price_amount)
                    VALUES (?, ?, ?, ?, ?)""")) {
                for (OrderItem line : order.items) {
                    insert.setObject(1, order.id);
                    insert.setInt(2, line.lineNo);
                    insert.setString(3, line.sku);
                    insert.setInt(4, line.quantity);
                    insert.setLong(5, line.unitPriceAmount);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Locks these orders in id order, in one statement, and returns those that exist. FOR NO KEY UPDATE, as a
     * transition changes no key: rows referencing the order (its timeline) can still be inserted meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PurchaseOrder> lock(Collection<UUID> ids) {
        return select("SELECT " + COLUMNS + " FROM orders WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE",
                (connection, select) -> select.setArray(1, connection.createArrayOf("uuid", ids.toArray())));
    }

    /** Claims up to {@code limit} PENDING orders past their deadline; rows another transaction holds are skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PurchaseOrder> claimOverdue(Instant now, int limit) {
        return select("SELECT " + COLUMNS + """
                 FROM orders WHERE status = 'PENDING' AND deadline_at <= ?
                ORDER BY deadline_at LIMIT ? FOR UPDATE SKIP LOCKED""", (connection, select) -> {
                    select.setObject(1, utc(now));
                    select.setInt(2, limit);
                });
    }

    /** Claims up to {@code limit} decided orders whose follow-ups are due for a check; held rows are skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PurchaseOrder> claimFollowUpsDue(Instant now, int limit) {
        return select("SELECT " + COLUMNS + """
                 FROM orders WHERE follow_up_due_at <= ?
                ORDER BY follow_up_due_at LIMIT ? FOR UPDATE SKIP LOCKED""", (connection, select) -> {
                    select.setObject(1, utc(now));
                    select.setInt(2, limit);
                });
    }

    /** The order's lines, priced in its currency, in line order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OrderLine> lines(PurchaseOrder order) {
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sku, quantity, unit_price_amount FROM order_item WHERE order_id = ? ORDER BY line_no")) {
                select.setObject(1, order.id);
                List<OrderLine> lines = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lines.add(new OrderLine(rows.getString(1), rows.getInt(2),
                                new Money(rows.getLong(3), order.currency)));
                    }
                }
                return lines;
            }
        });
    }

    /** Writes what a transition, an outcome or a follow-up check changed; the rest of an order never changes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(PurchaseOrder order) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE orders SET status = ?, rejection_reason = ?, rejection_detail = ?, payment_outcome = ?,
                                      inventory_outcome = ?, updated_at = ?, follow_up_due_at = ?, reannouncements = ?
                    WHERE id = ?""")) {
                update.setString(1, order.status.name());
                update.setString(2, name(order.rejectionReason));
                update.setString(3, order.rejectionDetail);
                update.setString(4, name(order.paymentOutcome));
                update.setString(5, name(order.inventoryOutcome));
                update.setObject(6, utc(order.updatedAt));
                update.setObject(7, utc(order.followUpDueAt));
                update.setInt(8, order.reannouncements);
                update.setObject(9, order.id);
                update.executeUpdate();
            }
        });
    }

    /** Ends the follow-up checks of these orders, in one statement: nothing of their decisions is missing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settleFollowUps(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE orders SET follow_up_due_at = NULL WHERE id = ANY(?)")) {
                update.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                update.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface Parameters {
        void set(Connection connection, PreparedStatement select) throws SQLException;
    }

    private List<PurchaseOrder> select(String sql, Parameters parameters) {
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                parameters.set(connection, select);
                List<PurchaseOrder> orders = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        orders.add(order(rows));
                    }
                }
                return orders;
            }
        });
    }

    private static PurchaseOrder order(ResultSet rows) throws SQLException {
        PurchaseOrder order = new PurchaseOrder();
        order.id = rows.getObject(1, UUID.class);
        order.status = OrderStatus.valueOf(rows.getString(2));
        String rejectionReason = rows.getString(3);
        order.rejectionReason = rejectionReason == null ? null : RejectionReason.valueOf(rejectionReason);
        order.rejectionDetail = rows.getString(4);
        order.customerId = rows.getString(5);
        order.customerEmail = rows.getString(6);
        order.customerName = rows.getString(7);
        order.totalAmount = rows.getLong(8);
        order.currency = rows.getString(9);
        String payment = rows.getString(10);
        order.paymentOutcome = payment == null ? null : PaymentOutcome.valueOf(payment);
        String inventory = rows.getString(11);
        order.inventoryOutcome = inventory == null ? null : InventoryOutcome.valueOf(inventory);
        order.deadlineAt = instant(rows, 12);
        order.createdAt = instant(rows, 13);
        order.updatedAt = instant(rows, 14);
        order.followUpDueAt = instant(rows, 15);
        order.reannouncements = rows.getInt(16);
        order.traceParent = rows.getString(17);
        order.traceState = rows.getString(18);
        return order;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
