package dev.processflow.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL server from the embedded binaries, as its own process, keeping its data directory across restarts.
 * Creates the {@code processflow} role and one database per service, then writes a ready marker. SIGTERM stops the
 * server cleanly through the library's shutdown hook.
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Path readyMarker = Path.of(args[2]);
        List<String> databases = List.of(args[3].split(","));
        Files.deleteIfExists(readyMarker);
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
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
}
