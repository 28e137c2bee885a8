package dev.processflow.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * Where everything lives and listens: ports, the data directory, the services' packaged jars, the payment provider
 * simulator's, the console's and the trace server's.
 */
public record StackLayout(Path repository, Path dataDir, int kafkaPort, int controllerPort, int postgresPort,
        int smtpPort, int mailHttpPort, int keycloakPort, int providerPort, int consolePort, List<Service> services) {

    /** The realm users sign in to, imported from {@code deploy/keycloak/processflow-realm.json}. */
    public static final String REALM = "processflow";

    /** Keycloak's port before any offset. */
    public static final int KEYCLOAK_PORT = 8180;

    /** The trace server's (Zipkin's API and UI) port before any offset. */
    public static final int ZIPKIN_PORT = 9411;

    /**
     * In the data directory while the stack runs: the Kafka client settings ({@code kafka.*}: address and
     * credentials) for tools such as {@code processflow dlq}.
     */
    public static final String CLIENT_PROPERTIES = "kafka-client.properties";

    /** One of the five services: its HTTP port, its database and the jar that `./mvnw package` builds. */
    public record Service(String name, int port, String database) {
        public Path jar(Path repository) {
            return repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }

        public String url() {
            return "http://localhost:" + port;
        }
    }

    public static StackLayout defaults(Path repository, Path dataDir) {
        return new StackLayout(repository, dataDir, 9092, 9093, 5432, 1025, 8025, KEYCLOAK_PORT, 8085, 8090, List.of(
                new Service("order-service", 8080, "orders"),
                new Service("payment-service", 8081, "payments"),
                new Service("inventory-service", 8082, "inventory"),
                new Service("notification-service", 8083, "notifications"),
                new Service("image-service", 8084, "images")));
    }

    /** The same layout with every port moved by {@code offset}, so two stacks can run side by side. */
    public StackLayout withPortOffset(int offset) {
        return new StackLayout(repository, dataDir, kafkaPort + offset, controllerPort + offset, postgresPort + offset,
                smtpPort + offset, mailHttpPort + offset, keycloakPort + offset, providerPort + offset,
                consolePort + offset, services.stream()
                        .map(s -> new Service(s.name(), s.port() + offset, s.database()))
                        .toList());
    }

    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public Path logs() {
        return dataDir.resolve("logs");
    }

    /** How far this layout's ports are moved from the defaults. */
    public int portOffset() {
        return keycloakPort - KEYCLOAK_PORT;
    }

    /** Keycloak's address; also the host part of the issuer every token names. */
    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    /** The issuer of users' tokens: what the services verify tokens against. */
    public String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    public String mailUrl() {
        return "http://localhost:" + mailHttpPort + "/messages";
    }

    public String providerUrl() {
        return "http://127.0.0.1:" + providerPort;
    }

    /** The payment provider simulator's runnable jar, as `./mvnw package` builds it. */
    public Path providerJar() {
        return repository.resolve("payment-provider/target/payment-provider.jar");
    }

    /**
     * The flow console's address. {@code localhost}, not an IP address: the realm lets the console's sign-in come back
     * to {@code http://localhost:<port>/} only.
     */
    public String consoleUrl() {
        return "http://localhost:" + consolePort;
    }

    /** The trace server's port, moved by the same offset as every other. */
    public int zipkinPort() {
        return ZIPKIN_PORT + portOffset();
    }

    /** Zipkin's v2 API: where the services send spans and where traces are read back. */
    public String zipkinApi() {
        return "http://127.0.0.1:" + zipkinPort() + "/api/v2";
    }

    /** The trace UI; {@code /traces/<id>} under it shows one trace. */
    public String traceUiUrl() {
        return "http://localhost:" + zipkinPort() + "/zipkin";
    }

    /** Zipkin's self-contained server, copied next to the runner by `./mvnw package`. */
    public Path zipkinJar() {
        return repository.resolve("stack/target/zipkin/zipkin-server.jar");
    }

    /** The console's fast-jar, as `./mvnw package` builds it. */
    public Path consoleJar() {
        return repository.resolve("console/target/quarkus-app/quarkus-run.jar");
    }
}
