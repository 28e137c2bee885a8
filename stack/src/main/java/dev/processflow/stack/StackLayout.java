package dev.processflow.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where everything lives and listens: ports, the data directory, the services' packaged jars, the payment provider
 * simulator's, the console's and the trace server's.
 */
public record StackLayout(Path repository, Path dataDir, int kafkaPort, int controllerPort, int postgresPort,
        int smtpPort, int mailHttpPort, int keycloakPort, int providerPort, int consolePort, List<Service> services,
        int replicas) {

    /** The services that run as {@link #replicas} instances: the purchase saga's; image-service stays single. */
    public static final List<String> SAGA_SERVICES =
            List.of("order-service", "payment-service", "inventory-service", "notification-service");

    /**
     * With replicas, the service's port belongs to a balancer and instance k (from 1) listens this far times k above
     * it: 9080-9083 for the first instances of the default layout, clear of every other port.
     */
    public static final int INSTANCE_PORT_STEP = 1000;

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

    /**
     * One running process of a service: the service itself when it runs single, else {@code <service>-<k>} on a port
     * of its own behind the service's balancer.
     */
    public record Instance(String name, String service, int port) {
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
                new Service("image-service", 8084, "images")), 1);
    }

    /** The same layout with every port moved by {@code offset}, so two stacks can run side by side. */
    public StackLayout withPortOffset(int offset) {
        return new StackLayout(repository, dataDir, kafkaPort + offset, controllerPort + offset, postgresPort + offset,
                smtpPort + offset, mailHttpPort + offset, keycloakPort + offset, providerPort + offset,
                consolePort + offset, services.stream()
                        .map(s -> new Service(s.name(), s.port() + offset, s.database()))
                        .toList(), replicas);
    }

    /** The same layout with {@code count} instances of each saga service. */
    public StackLayout withReplicas(int count) {
        if (count < 1 || count > 4) {
            throw new IllegalArgumentException("replicas must be between 1 and 4, not " + count);
        }
        return new StackLayout(repository, dataDir, kafkaPort, controllerPort, postgresPort, smtpPort, mailHttpPort,
                keycloakPort, providerPort, consolePort, services, count);
    }

    /** Whether this service's port is a balancer's, in front of several instances. */
    public boolean balanced(Service service) {
        return replicas > 1 && SAGA_SERVICES.contains(service.name());
    }

    public List<Instance> instances(Service service) {
        if (!balanced(service)) {
            return List.of(new Instance(service.name(), service.name(), service.port()));
        }
        return IntStream.rangeClosed(1, replicas)
                .mapToObj(k -> new Instance(service.name() + "-" + k, service.name(),
                        service.port() + INSTANCE_PORT_STEP * k))
                .toList();
    }

    /** Every service instance, services in order. */
    public List<Instance> instances() {
        return services.stream().flatMap(service -> instances(service).stream()).toList();
    }

    public Instance instance(String name) {
        return instances().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service instance " + name));
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
