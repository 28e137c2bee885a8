package dev.processflow.payment;

import static dev.processflow.platform.persistence.SqlTimes.instant;
import static dev.processflow.platform.persistence.SqlTimes.utc;

import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.persistence.TransactionConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The payment function's writes as fixed statements on the transaction's own connection: a payment's row lock, its
 * insert and update, and its history entries. Every order's payment passes through each of them several times, so
 * none goes through the ORM session: the payments read here are plain objects, written back by {@link #update} and
 * never flushed. Reads for the API stay ORM queries ({@code PaymentQueries}).
 */
@ApplicationScoped
public class PaymentRows {

    private static final int MAX_DETAIL = 1000;

    private final TransactionConnection connections;

    public PaymentRows(TransactionConnection connections) {
        this.connections = connections;
    }

    /**
     * The order's payment, locked until the transaction ends, or null if there is none. FOR NO KEY UPDATE: the
     * intents that reference the row may still be inserted by the holder's own transaction without a stronger lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Payment lock(UUID orderId) {
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT order_id, payment_id, status, amount, currency, customer_id, card_brand, last4, decline_code,
                           gateway_reference, order_decision, decision_detail, created_at, updated_at
                    FROM payment WHERE order_id = ? FOR NO KEY UPDATE""")) {
                select.setObject(1, orderId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? payment(rows) : null;
                }
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(Payment payment) {
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO payment (order_id, payment_id, status, amount, currency, customer_id, card_brand, last4,
                                         decline_code, gateway_reference, order_decision, decision_detail, created_at,
                                         updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, payment.orderId);
                insert.setObject(2, payment.paymentId);
                insert.setString(3, payment.status.name());
                insert.setObject(4, payment.amount);
                insert.setString(5, payment.currency);
                insert.setString(6, payment.customerId);
                insert.setString(7, payment.cardBrand);
                insert.setString(8, payment.last4);
                insert.setString(9, payment.declineCode);
                insert.setString(10, payment.gatewayReference);
                insert.setString(11, name(payment.orderDecision));
                insert.setString(12, payment.decisionDetail);
                insert.setObject(13, utc(payment.createdAt));
                insert.setObject(14, utc(payment.updatedAt));
                insert.executeUpdate();
            }
        });
    }

    /** Writes what a transition or a learned fact changed; the ids and the creation time never change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(Payment payment) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE payment SET status = ?, amount = ?, currency = ?, customer_id = ?, card_brand = ?, last4 = ?,
                                       decline_code = ?, gateway_reference = ?, order_decision = ?,
                                       decision_detail = ?, updated_at = ?
                    WHERE order_id = ?""")) {
                update.setString(1, payment.status.name());
                update.setObject(2, payment.amount);
                update.setString(3, payment.currency);
                update.setString(4, payment.customerId);
                update.setString(5, payment.cardBrand);
                update.setString(6, payment.last4);
                update.setString(7, payment.declineCode);
                update.setString(8, payment.gatewayReference);
                update.setString(9, name(payment.orderDecision));
                update.setString(10, payment.decisionDetail);
                update.setObject(11, utc(payment.updatedAt));
                update.setObject(12, payment.orderId);
                update.executeUpdate();
            }
        });
    }

    /** One history entry; its id comes from the column's default. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void history(UUID orderId, PaymentAction action, PaymentStatus status, UUID eventId, String detail) {
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO payment_history (order_id, action, status, event_id, at, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, orderId);
                insert.setString(2, action.name());
                insert.setString(3, name(status));
                insert.setObject(4, eventId);
                insert.setObject(5, utc(Timestamps.now()));
                insert.setString(6, BoundedText.fit(detail, MAX_DETAIL));
                insert.executeUpdate();
            }
        });
    }

    private static Payment payment(ResultSet rows) throws SQLException {
        Payment payment = new Payment();
        payment.orderId = rows.getObject(1, UUID.class);
        payment.paymentId = rows.getObject(2, UUID.class);
        payment.status = PaymentStatus.valueOf(rows.getString(3));
        payment.amount = rows.getObject(4, Long.class);
        payment.currency = rows.getString(5);
        payment.customerId = rows.getString(6);
        payment.cardBrand = rows.getString(7);
        payment.last4 = rows.getString(8);
        payment.declineCode = rows.getString(9);
        payment.gatewayReference = rows.getString(10);
        String decision = rows.getString(11);
        payment.orderDecision = decision == null ? null : OrderDecision.valueOf(decision);
        payment.decisionDetail = rows.getString(12);
        payment.createdAt = instant(rows, 13);
        payment.updatedAt = instant(rows, 14);
        return payment;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
