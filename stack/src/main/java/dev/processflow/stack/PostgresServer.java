package dev.processflow.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server from the embedded binaries, as its own process, keeping its data directory across restarts.
 * Creates the {@code processflow} role and one database per service, then writes a ready marker. SIGTERM stops the
 * server cleanly through the library's shutdown hook. The server itself runs detached ({@code pg_ctl start}), so
 * it outlives a SIGKILL of this process: {@link #killPostmaster} ends it the way a crash would.
 */
public final class PostgresServer {

    /** Set to {@code true} on {@code ./processflow up} to log every statement (see {@link #main}). */
    public static final String STATEMENT_LOG_ENV = "PROCESSFLOW_POSTGRES_STATEMENT_LOG";

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Path readyMarker = Path.of(args[2]);
        List<String> databases = List.of(args[3].split(","));
        Files.deleteIfExists(readyMarker);
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // what each statement costs per order, for `./processflow bench orders` (a few % of a statement's time)
                .setServerConfig("shared_preload_libraries", "pg_stat_statements");
        if (Boolean.parseBoolean(System.getenv(STATEMENT_LOG_ENV))) {
            // Every statement with its parameters, as CSV under the data directory's log/: the input of the orders
            // benchmark's design floor (--floor), which replays them. Costs the server a log line per statement.
            builder.setServerConfig("logging_collector", "on")
                    .setServerConfig("log_destination", "csvlog")
                    .setServerConfig("log_statement", "all")
                    .setServerConfig("log_rotation_size", "0");
        }
        EmbeddedPostgres postgres = builder.start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'processflow'")) {
                if (!role.next()) {
                    statement.execute("CREATE ROLE processflow LOGIN PASSWORD 'processflow'");
                }
            }
            for (String database : databases) {
                try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!exists.next()) {
                        statement.execute("CREATE DATABASE " + database + " OWNER processflow");
                    }
                }
            }
        }
        Files.writeString(readyMarker, Integer.toString(port));
        System.out.println("postgres ready on 127.0.0.1:" + port + " with databases " + databases);
        new CountDownLatch(1).await();
    }

    /** SIGKILL to the server of this data directory, if one runs; its backends exit when they see it gone. */
    static void killPostmaster(Path dataDir) {
        postmaster(dataDir).ifPresent(postmaster -> {
            postmaster.destroyForcibly();
            try {
                postmaster.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StackException("PostgreSQL (pid " + postmaster.pid() + ") did not exit after SIGKILL", e);
            }
        });
    }

    /** The running server of this data directory, from the pid file it keeps there (a stale pid is not taken). */
    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
