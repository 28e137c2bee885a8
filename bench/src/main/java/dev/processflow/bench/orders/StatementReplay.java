package dev.processflow.bench.orders;

import dev.processflow.bench.CpuAccounting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays the services' statements with plain JDBC: each logged session on a connection and thread of its own to a
 * fresh copy ({@code floor_<database>}) of its database, every statement with its logged parameters, one at a time in
 * the order the server started them (a statement that waits for a lock waits as it did when it ran). The log starts
 * with the empty databases (a fresh stack), so the copies go through the same history, schema migrations included.
 * Only the statements inside the measured window are timed and counted.
 */
final class StatementReplay {

    /** What the window's statements came to, and the replaying process's CPU while it ran them. */
    record Result(long statements, long transactions, long roundTrips, long failed, long failedOutsideWindow,
            double clientCpuSeconds, double handOffCpuSeconds, double serverCpuSeconds, List<String> firstFailures) {

        /** The client's CPU for the statements themselves: the replay's own hand-off to session threads taken out. */
        double netClientCpuSeconds() {
            return Math.max(0, clientCpuSeconds - handOffCpuSeconds);
        }
    }

    private static final String PREFIX = "floor_";
    /** How long the replay waits for one statement before it takes it for blocked by a lock and goes on. */
    private static final Duration BLOCKED = Duration.ofMillis(100);

    private final DatabaseLimit server;
    private final String host;
    private final int port;

    StatementReplay(DatabaseLimit server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    Result replay(List<StatementLog.Executed> log, Set<String> databases, Instant windowStart, Instant windowEnd)
            throws Exception {
        createCopies(databases);
        Map<String, Integer> lastOfSession = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            lastOfSession.put(log.get(i).session(), i);
        }
        Map<String, Session> sessions = new HashMap<>();
        Map<String, PreparedSql> prepared = new ConcurrentHashMap<>();
        Counts counts = new Counts();
        long statements = 0;
        long transactions = 0;
        long roundTrips = 0;
        long measuredDispatches = 0;
        Long clientCpuStart = null;
        Map<String, Double> serverStart = null;
        long clientCpuEnd = 0;
        Map<String, Double> serverEnd = null;
        try {
            for (int i = 0; i < log.size(); i++) {
                StatementLog.Executed executed = log.get(i);
                boolean measured = !executed.time().isBefore(windowStart) && !executed.time().isAfter(windowEnd);
                if (measured && clientCpuStart == null) {
                    settle(sessions.values());
                    serverStart = CpuAccounting.snapshot();
                    clientCpuStart = CpuAccounting.ownProcessNanos();
                }
                if (!measured && clientCpuStart != null && serverEnd == null) {
                    settle(sessions.values());
                    clientCpuEnd = CpuAccounting.ownProcessNanos();
                    serverEnd = CpuAccounting.snapshot();
                }
                Session session = sessions.computeIfAbsent(executed.session(),
                        id -> new Session(id, executed.database()));
                String verb = executed.sql().strip().toUpperCase(Locale.ROOT);
                if (measured) {
                    measuredDispatches++;
                }
                if (measured && !verb.equals("BEGIN")) {
                    roundTrips++;
                    if (verb.equals("COMMIT")) {
                        transactions++;
                    } else if (!verb.equals("ROLLBACK")) {
                        statements++;
                    }
                }
                session.run(executed, verb, prepared, counts, measured);
                if (lastOfSession.get(executed.session()) == i) {
                    sessions.remove(executed.session()).close();
                }
            }
            for (Session session : sessions.values()) {
                session.await(Duration.ofMinutes(1));
            }
            if (clientCpuStart != null && serverEnd == null) {
                clientCpuEnd = CpuAccounting.ownProcessNanos();
                serverEnd = CpuAccounting.snapshot();
            }
        } finally {
            for (Session session : sessions.values()) {
                session.close();
            }
            // The copies hold the customers' data too; they are not kept past the measurement.
            dropCopies(databases);
        }
        double client = clientCpuStart == null ? 0 : (clientCpuEnd - clientCpuStart) / 1e9;
        double postgres = serverStart == null ? 0
                : serverEnd.getOrDefault("postgres", 0.0) - serverStart.getOrDefault("postgres", 0.0);
        return new Result(statements, transactions, roundTrips, counts.failed.get(), counts.failedOutside.get(), client,
                handOffCpuSeconds(measuredDispatches), postgres, List.copyOf(counts.firstFailures));
    }

    /**
     * What handing {@code count} statements to a session thread and waiting for each costs this process with no
     * statement at all: the replay's own overhead, measured on the spot and taken out of the floor.
     */
    private static double handOffCpuSeconds(long count) throws InterruptedException, ExecutionException {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 1000; i++) {
                thread.submit(() -> { }).get();
            }
            long start = CpuAccounting.ownProcessNanos();
            for (long i = 0; i < count; i++) {
                thread.submit(() -> { }).get();
            }
            return (CpuAccounting.ownProcessNanos() - start) / 1e9;
        } finally {
            thread.shutdown();
        }
    }

    /** Failures seen by the sessions' threads. */
    private static final class Counts {
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong failedOutside = new AtomicLong();
        private final List<String> firstFailures = new CopyOnWriteArrayList<>();

        void failed(boolean measured, SQLException e, String sql) {
            (measured ? failed : failedOutside).incrementAndGet();
            if (firstFailures.size() < 5) {
                firstFailures.add(e.getMessage() + " in: " + abbreviate(sql));
            }
        }
    }

    /**
     * One logged session: its own connection and thread, statements in its order. The replay hands each statement
     * to its session and goes on once it is done, or after {@link #BLOCKED} if it waits for a lock, as it did when
     * it ran: the holder's commit comes later in the log and frees it.
     */
    private final class Session {
        private final String database;
        private final ExecutorService thread;
        private Connection connection;
        private Future<?> last = CompletableFuture.completedFuture(null);

        Session(String id, String database) {
            this.database = database;
            this.thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "floor-" + id);
                t.setDaemon(true);
                return t;
            });
        }

        void run(StatementLog.Executed executed, String verb, Map<String, PreparedSql> prepared, Counts counts,
                boolean measured) throws InterruptedException, ExecutionException {
            last = thread.submit(() -> {
                try {
                    if (connection == null) {
                        connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                                + PREFIX + database + "?options=-c%20statement_timeout=15000", "processflow",
                                "processflow");
                    }
                    switch (verb) {
                        case "BEGIN" -> connection.setAutoCommit(false);
                        case "COMMIT" -> {
                            connection.commit();
                            connection.setAutoCommit(true);
                        }
                        case "ROLLBACK" -> {
                            connection.rollback();
                            connection.setAutoCommit(true);
                        }
                        default -> execute(connection, executed, prepared);
                    }
                } catch (SQLException e) {
                    counts.failed(measured, e, executed.sql());
                }
            });
            try {
                last.get(BLOCKED.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // waiting for a lock another session holds until a later line of the log
            }
        }

        void await(Duration within) throws InterruptedException, ExecutionException, TimeoutException {
            last.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        void close() {
            thread.submit(() -> {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException e) {
                    // the copy is thrown away with its connections
                }
            });
            thread.shutdown();
        }
    }

    /**
     * Lets what the sessions are running finish before the clock starts or stops, up to a moment each: a statement
     * still waiting then waits for a commit later in the log.
     */
    private static void settle(Iterable<Session> sessions) throws InterruptedException, ExecutionException {
        for (Session session : sessions) {
            try {
                session.await(BLOCKED);
            } catch (TimeoutException e) {
                // blocked until a later line
            }
        }
    }

    /** A statement as JDBC takes it: {@code ?} marks, and which logged parameter each one binds. */
    private record PreparedSql(String jdbc, List<Integer> placeholders) {
    }

    private static void execute(Connection connection, StatementLog.Executed executed, Map<String, PreparedSql> cache)
            throws SQLException {
        if (executed.parameters().isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(executed.sql());
            }
            return;
        }
        PreparedSql sql = cache.computeIfAbsent(executed.sql(), text -> {
            StringBuilder jdbc = new StringBuilder();
            List<Integer> order = StatementLog.placeholders(text, jdbc);
            return new PreparedSql(jdbc.toString(), order);
        });
        // pgjdbc keeps the server-side statement of each SQL text per connection, as it does for the services.
        try (PreparedStatement statement = connection.prepareStatement(sql.jdbc())) {
            List<Integer> placeholders = sql.placeholders();
            for (int p = 0; p < placeholders.size(); p++) {
                String value = executed.parameters().get(placeholders.get(p) - 1);
                if (value == null) {
                    statement.setNull(p + 1, Types.OTHER);
                } else {
                    statement.setObject(p + 1, value, Types.OTHER);
                }
            }
            statement.execute();
        }
    }

    private void createCopies(Set<String> databases) throws SQLException {
        dropCopies(databases);
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("CREATE DATABASE " + PREFIX + database + " OWNER processflow");
            }
        }
    }

    private void dropCopies(Set<String> databases) throws SQLException {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("DROP DATABASE IF EXISTS " + PREFIX + database + " WITH (FORCE)");
            }
        }
    }


    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
