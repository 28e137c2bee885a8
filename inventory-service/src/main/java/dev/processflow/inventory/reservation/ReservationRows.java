package dev.processflow.inventory.reservation;

import static dev.processflow.platform.persistence.SqlTimes.utc;

import dev.processflow.events.inventory.StockLine;
import dev.processflow.inventory.product.Product;
import dev.processflow.inventory.reservation.Reservation.Status;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.persistence.TransactionMaps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The reservation function's reads and writes as fixed statements on the transaction's own connection: the row
 * locks of products and reservations, a reservation's insert and move, and the stock it moves. Every order passes
 * through each of them, so none goes through the ORM session: the products read here are plain objects holding only
 * their stock, written back by {@link #saveStock} and never flushed. The products a transaction locked stay with it
 * (a resource of the transaction registry), so each event of a poll finds its rows without a statement. Reads for
 * the API stay ORM queries.
 */
@ApplicationScoped
public class ReservationRows {

    /** A reservation as its decided events need it: its status and, in SKU order, what it holds. */
    record Locked(Status status, List<StockLine> lines) {
    }

    private static final Object LOCKED_PRODUCTS = ReservationRows.class.getName() + ".lockedProducts";

    private final TransactionConnection connections;
    private final TransactionSynchronizationRegistry transactions;

    public ReservationRows(TransactionConnection connections, TransactionSynchronizationRegistry transactions) {
        this.connections = connections;
        this.transactions = transactions;
    }

    /** The SKUs these orders' reservations hold or held. */
    @Transactional(Transactional.TxType.MANDATORY)
    Set<String> reservedSkus(List<UUID> orderIds) {
        return connections.apply(connection -> {
            Set<String> skus = new TreeSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT sku FROM reservation_line WHERE order_id = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("uuid", orderIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        skus.add(rows.getString(1));
                    }
                }
            }
            return skus;
        });
    }

    /**
     * The stock of these products, their rows locked until the transaction ends: those the transaction has not
     * locked yet in one statement, in SKU order. A SKU without a product is missing from the map.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Product> products(Collection<String> skus) {
        Map<String, Product> locked = locked();
        List<String> toLock = skus.stream().filter(sku -> !locked.containsKey(sku)).sorted().toList();
        if (!toLock.isEmpty()) {
            connections.run(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT sku, on_hand, reserved FROM product WHERE sku = ANY(?) ORDER BY sku FOR NO KEY UPDATE")) {
                    select.setArray(1, connection.createArrayOf("varchar", toLock.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Product product = new Product();
                            product.sku = rows.getString(1);
                            product.onHand = rows.getInt(2);
                            product.reserved = rows.getInt(3);
                            locked.put(product.sku, product);
                        }
                    }
                }
            });
        }
        Map<String, Product> products = new HashMap<>();
        for (String sku : skus) {
            Product product = locked.get(sku);
            if (product != null) {
                products.put(sku, product);
            }
        }
        return products;
    }

    /** Writes back the stock of these products, each locked by {@link #products}, in one batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    void saveStock(List<Product> moved) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE product SET on_hand = ?, reserved = ?, updated_at = ?, catalog_pending = ?
                    WHERE sku = ?""")) {
                for (Product product : moved) {
                    update.setInt(1, product.onHand);
                    update.setInt(2, product.reserved);
                    update.setObject(3, utc(product.updatedAt));
                    update.setBoolean(4, product.catalogPending);
                    update.setString(5, product.sku);
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    /** The order's reservation, locked until the transaction ends, or null if there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    Locked lock(UUID orderId) {
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT r.status, l.sku, l.quantity FROM reservation r
                    LEFT JOIN reservation_line l ON l.order_id = r.order_id
                    WHERE r.order_id = ? ORDER BY l.sku FOR NO KEY UPDATE OF r""")) {
                select.setObject(1, orderId);
                try (ResultSet rows = select.executeQuery()) {
                    Status status = null;
                    List<StockLine> lines = new ArrayList<>();
                    while (rows.next()) {
                        status = Status.valueOf(rows.getString(1));
                        String sku = rows.getString(2);
                        if (sku != null) {
                            lines.add(new StockLine(sku, rows.getInt(3)));
                        }
                    }
                    return status == null ? null : new Locked(status, lines);
                }
            }
        });
    }

    /** The reservation and its lines, in one round trip for the lines. */
    @Transactional(Transactional.TxType.MANDATORY)
    void insert(UUID orderId, Status status, List<StockLine> lines, String detail) {
        Instant now = now();
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO reservation (order_id, status, detail, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, orderId);
                insert.setString(2, status.name());
                insert.setString(3, detail);
                insert.setObject(4, utc(now));
                insert.setObject(5, utc(now));
                insert.executeUpdate();
            }
            if (lines.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO reservation_line (order_id, sku, quantity) VALUES (?, ?, ?)")) {
                for (StockLine line : lines) {
                    insert.setObject(1, orderId);
                    insert.setString(2, line.sku());
                    insert.setInt(3, line.quantity());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void move(UUID orderId, Status status) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE reservation SET status = ?, updated_at = ? WHERE order_id = ?")) {
                update.setString(1, status.name());
                update.setObject(2, utc(now()));
                update.setObject(3, orderId);
                update.executeUpdate();
            }
        });
    }

    private Map<String, Product> locked() {
        return TransactionMaps.of(transactions, LOCKED_PRODUCTS);
    }


    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
