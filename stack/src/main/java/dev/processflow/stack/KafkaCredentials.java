package dev.processflow.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The local broker's users and their passwords: generated once per data directory, kept in
 * {@code <data-dir>/kafka/credentials.properties} (readable by its owner only) and never committed anywhere. Each
 * service is a user named as the service; {@value #ADMIN} is the super user of the stack's own admin work;
 * {@value #OBSERVER} is the read-only user of tools. {@code <data-dir>/kafka/clients/<user>.properties} holds each
 * user's client settings in the form Kafka's command-line tools take ({@code --command-config}).
 */
public final class KafkaCredentials {

    public static final String ADMIN = "admin";
    public static final String OBSERVER = "observer";
    /** Clients authenticate with SCRAM: the password never crosses the wire and the broker keeps only salted hashes. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    private final Path directory;
    private final Map<String, String> passwords;

    private KafkaCredentials(Path directory, Map<String, String> passwords) {
        this.directory = directory;
        this.passwords = Map.copyOf(passwords);
    }

    public static Path directory(Path dataDir) {
        return dataDir.resolve("kafka");
    }

    static boolean exist(Path dataDir) {
        return Files.isRegularFile(file(directory(dataDir)));
    }

    /** The credentials of a data directory an earlier {@code up} prepared. */
    public static KafkaCredentials load(Path dataDir) {
        Path file = file(directory(dataDir));
        if (!Files.isRegularFile(file)) {
            throw new StackException("no Kafka credentials in " + file + "; start the stack once with ./processflow up");
        }
        return new KafkaCredentials(directory(dataDir), read(file));
    }

    /**
     * The credentials of this data directory, with a fresh random password for every user that has none yet; a user
     * keeps its password across restarts. Writes the client settings of every user next to them.
     */
    static KafkaCredentials prepare(Path dataDir, Collection<String> users) {
        Path directory = directory(dataDir);
        Path file = file(directory);
        try {
            Files.createDirectories(directory);
            Map<String, String> passwords = Files.isRegularFile(file) ? read(file) : new TreeMap<>();
            SecureRandom random = new SecureRandom();
            boolean added = false;
            for (String user : users) {
                if (!passwords.containsKey(user)) {
                    byte[] secret = new byte[24];
                    random.nextBytes(secret);
                    passwords.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                    added = true;
                }
            }
            if (added) {
                Properties properties = new Properties();
                properties.putAll(passwords);
                writePrivate(file, properties, "Kafka users of this local stack and their generated passwords (local only)");
            }
            KafkaCredentials credentials = new KafkaCredentials(directory, passwords);
            credentials.writeClientFiles();
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka credentials in " + directory, e);
        }
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user + " in " + file(directory));
        }
        return password;
    }

    /** The settings of a client that authenticates as {@code user} on the broker's client listener. */
    public Map<String, Object> client(String user, String bootstrap) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrap.servers", bootstrap);
        client.putAll(security(user));
        return client;
    }

    /** The environment that makes a service's production config log in as its own user (named as the service). */
    public Map<String, String> serviceEnvironment(String service) {
        return Map.of("KAFKA_PASSWORD", password(service));
    }

    /** {@code <data-dir>/kafka/clients/<user>.properties}: the settings Kafka's tools take with --command-config. */
    public Path clientFile(String user) {
        return directory.resolve("clients").resolve(user + ".properties");
    }

    public Path file() {
        return file(directory);
    }

    Map<String, String> security(String user) {
        return Map.of("security.protocol", PROTOCOL, "sasl.mechanism", MECHANISM, "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password(user) + "\";");
    }


    private void writeClientFiles() throws IOException {
        Files.createDirectories(clientFile(ADMIN).getParent());
        for (String user : passwords.keySet()) {
            Properties properties = new Properties();
            properties.putAll(security(user));
            writePrivate(clientFile(user), properties, "Kafka client settings of user " + user + " (local only)");
        }
    }

    private static Path file(Path directory) {
        return directory.resolve("credentials.properties");
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        Map<String, String> passwords = new TreeMap<>();
        properties.stringPropertyNames().forEach(user -> passwords.put(user, properties.getProperty(user)));
        return passwords;
    }

    static void writePrivate(Path file, Properties properties, String comment) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, comment);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
