package dev.processflow.bench.orders;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database side of the limit: how many single-row INSERT commits per second the stack's own PostgreSQL takes at a
 * given concurrency (each its own transaction, synchronous_commit as configured, like the services' commits), and how
 * many transactions the services spend per order, read from PostgreSQL's own counters.
 */
public final class DatabaseLimit {

    /** Transaction counters at one moment: commits per database, and the next transaction id (write transactions). */
    public record Counters(Map<String, Long> commits, long nextXid) {
    }

    private static final String PAYLOAD = "x".repeat(300);

    private final String host;
    private final int port;
    private final String superuser;

    public DatabaseLimit(String host, int port, String superuser) {
        this.host = host;
        this.port = port;
        this.superuser = superuser;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, superuser, "");
    }

    /** Commit and transaction-id counters. The xid counter only moves for transactions that wrote something. */
    public Counters counters(List<String> databases) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            Map<String, Long> commits = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL")) {
                while (rs.next()) {
                    if (databases.contains(rs.getString(1))) {
                        commits.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            long xid;
            try (ResultSet rs = statement.executeQuery("SELECT txid_snapshot_xmax(txid_current_snapshot())")) {
                rs.next();
                xid = rs.getLong(1);
            }
            return new Counters(commits, xid);
        }
    }

    public String serverVersion() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public String setting(String name) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Creates database {@code bench} and its table if missing, empties the table. */
    public void prepare() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE bench");
                }
            }
        }
        try (Connection connection = connect("bench"); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS commit_probe (
                        id BIGSERIAL PRIMARY KEY,
                        payload TEXT NOT NULL,
                        at TIMESTAMPTZ NOT NULL DEFAULT now())""");
            statement.execute("TRUNCATE commit_probe");
        }
    }

    /** Commits per second of {@code threads} connections each inserting one row per transaction, for {@code duration}. */
    public double commitsPerSecond(int threads, Duration duration) throws Exception {
        AtomicLong commits = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        long[] window = new long[2];
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try (Connection connection = connect("bench");
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO commit_probe (payload) VALUES (?)")) {
                    connection.setAutoCommit(true);
                    insert.setString(1, PAYLOAD);
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() < end) {
                        insert.executeUpdate();
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    ready.countDown();
                }
            }, "bench-commit-" + i);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return commits.get() / ((System.nanoTime() - window[0]) / 1e9);
    }
}
