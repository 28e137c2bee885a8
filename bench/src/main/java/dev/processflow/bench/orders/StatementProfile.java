package dev.processflow.bench.orders;

import dev.processflow.bench.report.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which statements the services run per order, from PostgreSQL's {@code pg_stat_statements} (the local stack loads
 * it): counters are reset before the measured window and read after it, so each statement's calls, rows and
 * execution time divide by the orders of that window. The design floor starts from exactly this list.
 */
public final class StatementProfile {

    /** One normalised statement of one database over the window. */
    public record Entry(String database, String query, long calls, long rows, double execMillis) {
    }

    /** Statements of the window; empty with {@code unavailable} set when the extension is not loaded. */
    public record Window(List<Entry> entries, long orders, String unavailable) {

        public Map<String, Double> statementsPerOrderByDatabase() {
            Map<String, Double> perOrder = new LinkedHashMap<>();
            entries.forEach(e -> perOrder.merge(e.database(), (double) e.calls() / orders, Double::sum));
            return perOrder;
        }

        public double statementsPerOrder() {
            return entries.stream().mapToLong(Entry::calls).sum() / (double) orders;
        }

        /** Statements by calls per order, most first; transaction control (BEGIN, COMMIT...) included. */
        public Table table(int limit) {
            Table table = new Table("database", "calls per order", "rows per order", "exec ms per order", "statement");
            entries.stream().sorted(Comparator.comparingLong(Entry::calls).reversed()).limit(limit)
                    .forEach(e -> table.row(e.database(), String.format("%.2f", (double) e.calls() / orders),
                            String.format("%.2f", (double) e.rows() / orders),
                            String.format("%.3f", e.execMillis() / orders), abbreviate(e.query())));
            return table;
        }
    }

    private final DatabaseLimit server;
    private final List<String> databases;

    /** The statements of {@code databases}, read through {@code server}'s superuser connection. */
    public StatementProfile(DatabaseLimit server, List<String> databases) {
        this.server = server;
        this.databases = databases;
    }

    /** Starts a window; returns why there is none when the server was started without the extension. */
    public String reset() {
        try (Connection connection = server.connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
            return null;
        } catch (SQLException e) {
            return "pg_stat_statements not available: " + e.getMessage();
        }
    }

    public Window read(long orders, String unavailable) throws SQLException {
        if (unavailable != null || orders == 0) {
            return new Window(List.of(), Math.max(orders, 1), unavailable != null ? unavailable : "no orders measured");
        }
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = server.connect("postgres");
                PreparedStatement select = connection.prepareStatement("""
                        SELECT d.datname, s.query, sum(s.calls), sum(s.rows), sum(s.total_exec_time)
                        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                        WHERE d.datname = ANY(?) GROUP BY d.datname, s.query""")) {
            select.setArray(1, connection.createArrayOf("text", databases.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                            rows.getDouble(5)));
                }
            }
        }
        return new Window(entries, orders, null);
    }

    private static String abbreviate(String query) {
        String flat = query.replaceAll("\\s+", " ").trim();
        return flat.length() <= 110 ? flat : flat.substring(0, 110) + "...";
    }
}
