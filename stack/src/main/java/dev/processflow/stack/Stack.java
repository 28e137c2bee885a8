package dev.processflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The whole suite on one machine, each part its own OS process: a KRaft Kafka broker that authenticates every client
 * and authorizes it with ACLs ({@link LocalKafka}), PostgreSQL with one database per service, an SMTP catcher that
 * lists what it received, Keycloak with the users' realm, the payment provider simulator (payment-service's explicitly
 * chosen {@code test} gateway, its journal in the data directory), the five services from their packaged jars,
 * each logged in to Kafka as itself, the flow console, which reads Kafka as the read-only observer, and Zipkin, which
 * keeps the services' spans in memory and shows each order's trace. Used by the {@code processflow} command and by the system tests, which also kill,
 * stop and restart
 * parts of it.
 */
public final class Stack implements AutoCloseable {

    public static final String KAFKA = "kafka";
    public static final String POSTGRES = "postgres";
    public static final String MAIL = "mail";
    public static final String KEYCLOAK = "keycloak";
    public static final String PAYMENT_PROVIDER = "payment-provider";
    public static final String CONSOLE = "console";
    public static final String ZIPKIN = "zipkin";
    /** The simulator's admin credential (ledger, faults): a local-only credential, valid on this machine's stack only. */
    public static final String PROVIDER_ADMIN_TOKEN = "local-only-provider-admin-token";
    /** The shop's key for the simulator's payment API: what payment-service sends and the provider accepts. */
    public static final String PROVIDER_API_KEY = "local-only-provider-api-key";
    /** The services run with these profiles: production settings plus the local stack's own (demo catalog...). */
    public static final List<String> SERVICE_PROFILES = List.of("prod", "local");

    /**
     * How long a process may take to become ready. A service restarted while the system tests' load runs starts on a
     * saturated machine: on two cores with two replicas of each saga service, order-service took 110 to 161 s.
     */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ENGINE_STOP_GRACE = Duration.ofSeconds(6);
    private static final String ISSUER_FILE = "issuer";
    private static final int ZIPKIN_MAX_SPANS = 60_000;

    private final StackLayout layout;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath;
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private final List<Balancer> balancers = new ArrayList<>();
    private final Map<String, String> serviceOverrides;
    /** How the five services run (see {@link ServiceRuntime}); the console, never trained, always runs plain. */
    private final ServiceRuntime serviceRuntime;
    private final ServiceRuntime consoleRuntime;

    private KafkaAccess access;
    private KafkaCredentials credentials;
    private LocalKafka kafka;

    public Stack(StackLayout layout, String classpath, Map<String, String> serviceOverrides) {
        this.layout = layout;
        this.classpath = classpath;
        this.serviceOverrides = Map.copyOf(serviceOverrides);
        this.serviceRuntime = ServiceRuntime.choose(System.getenv(), layout, javaBin);
        this.consoleRuntime = ServiceRuntime.plain(System.getenv(), javaBin);
    }

    public ServiceRuntime serviceRuntime() {
        return serviceRuntime;
    }

    /** The class path of the runner's own processes (Kafka, PostgreSQL, mail) as `./mvnw package` leaves it. */
    public static String runnerClasspath(Path repository) {
        Path file = repository.resolve("stack/target/classpath.txt");
        try {
            return repository.resolve("stack/target/classes") + java.io.File.pathSeparator + Files.readString(file).trim();
        } catch (IOException e) {
            throw new StackException("the runner is not built (" + file + " is missing); run ./mvnw -B package -DskipTests", e);
        }
    }

    /** The issuer of the stack that last started with this data directory: where {@code token} signs users in. */
    public static Optional<String> issuer(Path dataDir) {
        Path file = dataDir.resolve(ISSUER_FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StackLayout layout() {
        return layout;
    }

    /** The broker's users and passwords of this data directory; known once {@link #start()} prepared them. */
    public KafkaCredentials kafkaCredentials() {
        if (credentials == null) {
            throw new IllegalStateException("the stack has not been started");
        }
        return credentials;
    }

    /** Who may do what on the broker, as {@link #start()} applied it. */
    public KafkaAccess kafkaAccess() {
        if (access == null) {
            throw new IllegalStateException("the stack has not been started");
        }
        return access;
    }

    /** Starts everything and waits until every part is ready; on any failure stops what it started and throws. */
    public void start() {
        checkBuilt();
        checkPortsFree();
        try {
            Files.createDirectories(layout.logs());
            // Keycloak starts first: it takes longest, and every service needs it before it can verify a token.
            KeycloakServer keycloak = new KeycloakServer(layout);
            keycloak.prepareRealm();
            start(KEYCLOAK, keycloak.command(), keycloak.environment());
            access = KafkaAccess.packaged(layout, SERVICE_PROFILES);
            LocalKafka.checkCreatedWithCredentials(layout.dataDir());
            credentials = KafkaCredentials.prepare(layout.dataDir(), access.users());
            kafka = new LocalKafka(layout, credentials);
            startKafka();
            Files.deleteIfExists(postgresReadyMarker());
            start(POSTGRES, List.of(javaBin, "-Xmx128m", "-cp", classpath, PostgresServer.class.getName(),
                    postgresDataDir().toString(), Integer.toString(layout.postgresPort()),
                    postgresReadyMarker().toString(),
                    layout.services().stream().map(StackLayout.Service::database).collect(Collectors.joining(","))),
                    Map.of());
            // The catcher keeps every mail in memory (room for a long benchmark's tens of thousands) and on disk, so
            // a restart of the mail server keeps what it had received.
            start(MAIL, List.of(javaBin, "-Xmx512m", "-cp", classpath, MailServer.class.getName(),
                    Integer.toString(layout.smtpPort()), Integer.toString(layout.mailHttpPort()),
                    layout.dataDir().resolve("mail").toString()), Map.of());
            startProvider();
            startZipkin();
            awaitReady(KAFKA, kafka::ready);
            kafka.apply(access);
            kafka.createTopics();
            writeClientProperties();
            awaitReady(POSTGRES, () -> Files.exists(postgresReadyMarker()));
            awaitReady(MAIL, () -> httpOk(layout.mailUrl()));
            awaitReady(PAYMENT_PROVIDER, this::providerReady);
            awaitReady(KEYCLOAK, keycloak::ready);
            awaitReady(ZIPKIN, this::zipkinReady);
            Files.writeString(layout.dataDir().resolve(ISSUER_FILE), layout.issuer() + System.lineSeparator());
            layout.instances().forEach(instance -> startService(instance.name()));
            layout.services().stream().filter(layout::balanced).forEach(service -> balancers.add(Balancer.start(
                    service.name(), service.port(), layout.instances(service).stream()
                            .map(StackLayout.Instance::port).toList())));
            startConsole();
            layout.instances().forEach(instance -> awaitService(instance.name()));
            awaitReady(CONSOLE, this::consoleReady);
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a service instance: the service itself, or with replicas one of its {@code <service>-<k>}. */
    public void startService(String name) {
        StackLayout.Instance instance = layout.instance(name);
        StackLayout.Service service = layout.service(instance.service());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", String.join(",", SERVICE_PROFILES));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(instance.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", layout.kafkaBootstrap());
        env.putAll(credentials.serviceEnvironment(service.name()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + layout.postgresPort() + "/" + service.database());
        env.put("QUARKUS_DATASOURCE_USERNAME", "processflow");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "processflow");
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(layout.smtpPort()));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", layout.issuer());
        env.put("PROCESSFLOW_TRACING_ZIPKIN_ENDPOINT", layout.zipkinApi() + "/spans");
        env.put("PROCESSFLOW_IMAGE_STORAGE", "local");
        env.put("PROCESSFLOW_IMAGE_LOCAL_DIRECTORY", layout.dataDir().resolve("images").toString());
        if (service.name().equals("payment-service")) {
            // Chosen explicitly: production refuses to start without a gateway, and this one is a simulator.
            env.put("PROCESSFLOW_PAYMENT_GATEWAY", "test");
            env.put("PROCESSFLOW_PAYMENT_PROVIDER_URL", layout.providerUrl());
            env.put("PROCESSFLOW_PAYMENT_PROVIDER_API_KEY", PROVIDER_API_KEY);
        }
        // glibc hands large freed blocks (image-service's libjpeg buffers) back to the system instead of keeping them.
        env.put("MALLOC_MMAP_THRESHOLD_", "131072");
        env.putAll(serviceOverrides);
        start(name, serviceRuntime.command(layout.repository(), service), env);
    }

    public void awaitService(String name) {
        StackLayout.Instance instance = layout.instance(name);
        awaitReady(name, () -> httpOk(instance.url() + "/q/health/ready"));
    }

    /**
     * SIGKILL, as a crash would. PostgreSQL's server runs detached from the process that started it, so killing
     * {@link #POSTGRES} kills the server itself too.
     */
    public void kill(String name) {
        if (POSTGRES.equals(name)) {
            PostgresServer.killPostmaster(postgresDataDir());
        }
        process(name).kill();
    }

    /** SIGTERM with a grace period, as an orderly shutdown would. */
    public void stop(String name) {
        process(name).stop(Duration.ofSeconds(10));
        if (POSTGRES.equals(name)) {
            // The server stops with its launcher's shutdown hook; one that did not within the grace period is killed.
            PostgresServer.killPostmaster(postgresDataDir());
        }
    }

    /** Starts a stopped or killed part again and waits until it is ready. */
    public void restart(String name) {
        switch (name) {
            case KAFKA -> {
                process(KAFKA).start();
                awaitReady(KAFKA, kafka::ready);
            }
            case PAYMENT_PROVIDER -> {
                process(PAYMENT_PROVIDER).start();
                awaitReady(PAYMENT_PROVIDER, this::providerReady);
            }
            case POSTGRES -> {
                try {
                    Files.deleteIfExists(postgresReadyMarker());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                process(POSTGRES).start();
                awaitReady(POSTGRES, () -> Files.exists(postgresReadyMarker()));
            }
            case MAIL -> {
                process(MAIL).start();
                awaitReady(MAIL, () -> httpOk(layout.mailUrl()));
            }
            case CONSOLE -> {
                process(CONSOLE).start();
                awaitReady(CONSOLE, this::consoleReady);
            }
            case ZIPKIN -> {
                process(ZIPKIN).start();
                awaitReady(ZIPKIN, this::zipkinReady);
            }
            case KEYCLOAK -> throw new IllegalArgumentException("restart of " + name + " is not supported");
            default -> {
                process(name).start();
                awaitService(name);
            }
        }
    }

    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((name, process) -> pids.put(name, process.pid()));
        return pids;
    }

    /** The parts that have exited although nobody stopped them, with their exit codes. */
    public Map<String, Integer> exited() {
        Map<String, Integer> exited = new LinkedHashMap<>();
        processes.forEach((name, process) -> {
            if (!process.isAlive()) {
                exited.put(name, process.exitCode());
            }
        });
        return exited;
    }

    public Path log(String name) {
        return process(name).log();
    }

    /**
     * Stops services first, then the engines, each with a grace period; well within 15 seconds in all, except after a
     * training run, whose services write their AOT caches as they exit.
     */
    @Override
    public void close() {
        List<ManagedProcess> services = new ArrayList<>();
        List<ManagedProcess> engines = new ArrayList<>();
        processes.values().forEach(p -> (p.name().equals(CONSOLE)
                || layout.instances().stream().anyMatch(i -> i.name().equals(p.name())) ? services : engines).add(p));
        Duration grace = serviceRuntime.stopGrace();
        stopAll(services, serviceRuntime.kind() == ServiceRuntime.Kind.TRAINING
                ? p -> p.stopLeavingChildren(grace) : p -> p.stop(grace));
        balancers.forEach(Balancer::close);
        stopAll(engines, p -> p.stop(ENGINE_STOP_GRACE));
    }

    private static void stopAll(List<ManagedProcess> parts, Consumer<ManagedProcess> stop) {
        List<Thread> stoppers = parts.stream().map(p -> new Thread(() -> stop.accept(p), "stop-" + p.name())).toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startKafka() throws IOException {
        Path config = kafka.writeConfig();
        if (!kafka.formatted()) {
            List<String> command = new ArrayList<>(List.of(javaBin, "-cp", classpath, "kafka.tools.StorageTool"));
            command.addAll(kafka.formatArguments(config));
            Process format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logs().resolve("kafka.log").toFile()))
                    .start();
            try {
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new StackException("formatting Kafka storage failed; see " + layout.logs().resolve("kafka.log"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while formatting Kafka storage", e);
            }
        }
        start(KAFKA, List.of(javaBin, "-Xmx768m", "-cp", classpath, "kafka.Kafka", config.toString()), Map.of());
    }

    /** The simulator keeps its journal under the data directory, so its ledger survives its restarts and the stack's. */
    private void startProvider() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PAYMENT_PROVIDER_HOST", "127.0.0.1");
        env.put("PAYMENT_PROVIDER_PORT", Integer.toString(layout.providerPort()));
        env.put("PAYMENT_PROVIDER_JOURNAL", layout.dataDir().resolve("payment-provider/journal").toString());
        env.put("PAYMENT_PROVIDER_API_KEY", PROVIDER_API_KEY);
        env.put("PAYMENT_PROVIDER_ADMIN_TOKEN", PROVIDER_ADMIN_TOKEN);
        start(PAYMENT_PROVIDER, List.of(javaBin, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                layout.providerJar().toString()), env);
    }

    /**
     * The console signs users in through the realm's public client and keeps their tokens in a cookie encrypted with
     * a secret made for this start (sessions end with the stack); it calls the services as the user and reads Kafka
     * as the observer.
     */
    private void startConsole() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(layout.consolePort()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", layout.issuer());
        env.put("KAFKA_BOOTSTRAP_SERVERS", layout.kafkaBootstrap());
        env.put("KAFKA_USERNAME", KafkaCredentials.OBSERVER);
        env.put("KAFKA_PASSWORD", credentials.password(KafkaCredentials.OBSERVER));
        env.put("PROCESSFLOW_CONSOLE_SESSION_SECRET", sessionSecret());
        env.put("PROCESSFLOW_CONSOLE_TRACE_URL", layout.traceUiUrl() + "/traces/{traceId}");
        for (String[] service : new String[][] {{"ORDER", "order-service"}, {"PAYMENT", "payment-service"},
                {"INVENTORY", "inventory-service"}, {"NOTIFICATION", "notification-service"}, {"IMAGE", "image-service"}}) {
            env.put("PROCESSFLOW_CONSOLE_" + service[0] + "_URL", layout.service(service[1]).url());
        }
        List<String> command = new ArrayList<>(List.of(consoleRuntime.javaBin()));
        command.addAll(consoleRuntime.jvmOptions());
        command.addAll(List.of("-jar", layout.consoleJar().toString()));
        start(CONSOLE, command, env);
    }

    /**
     * Spans are kept in memory only (the newest {@value #ZIPKIN_MAX_SPANS}, about a thousand orders, sized to the heap:
     * a span with its SQL statement takes a few KB, and 200,000 of them ran a 256 MB Zipkin out of memory under the
     * outage tests' load): traces are for looking at what just ran, and a restart of the stack starts with none.
     * Zipkin's own requests are not traced.
     */
    private void startZipkin() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUERY_PORT", Integer.toString(layout.zipkinPort()));
        env.put("STORAGE_TYPE", "mem");
        env.put("MEM_MAX_SPANS", Integer.toString(ZIPKIN_MAX_SPANS));
        env.put("SELF_TRACING_ENABLED", "false");
        start(ZIPKIN, List.of(javaBin, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError", "-jar", layout.zipkinJar().toString()), env);
    }

    private boolean zipkinReady() {
        return httpOk("http://127.0.0.1:" + layout.zipkinPort() + "/health");
    }

    private static String sessionSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private boolean consoleReady() {
        return httpOk("http://127.0.0.1:" + layout.consolePort() + "/q/health/ready");
    }

    private boolean providerReady() {
        return accepting(layout.providerPort()) && httpOk(layout.providerUrl() + "/health");
    }

    /** Where the running broker listens, for {@code processflow dlq}; the login comes from the credentials file. */
    private void writeClientProperties() throws IOException {
        Properties client = new Properties();
        client.setProperty("kafka.bootstrap.servers", layout.kafkaBootstrap());
        try (var out = Files.newBufferedWriter(layout.dataDir().resolve(StackLayout.CLIENT_PROPERTIES))) {
            client.store(out, "Kafka client settings of the running stack, for processflow dlq");
        }
    }

    private Path postgresDataDir() {
        return layout.dataDir().resolve("postgres");
    }

    private Path postgresReadyMarker() {
        return layout.dataDir().resolve("postgres.ready");
    }

    private void start(String name, List<String> command, Map<String, String> environment) {
        ManagedProcess process = processes.computeIfAbsent(name,
                n -> new ManagedProcess(n, command, environment, layout.logs().resolve(n + ".log")));
        process.start();
    }

    private ManagedProcess process(String name) {
        ManagedProcess process = processes.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no process " + name + " in this stack");
        }
        return process;
    }

    private void awaitReady(String name, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        ManagedProcess process = process(name);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new StackException(name + " exited with code " + process.exitCode() + " before it was ready; see "
                        + process.log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + process.log());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + name, e);
            }
        }
    }

    private void checkBuilt() {
        List<String> missing = new ArrayList<>(layout.services().stream()
                .filter(s -> !Files.exists(s.jar(layout.repository())))
                .map(s -> s.jar(layout.repository()).toString())
                .toList());
        if (!Files.exists(layout.providerJar())) {
            missing.add(layout.providerJar().toString());
        }
        if (!Files.exists(layout.consoleJar())) {
            missing.add(layout.consoleJar().toString());
        }
        if (!Files.exists(layout.zipkinJar())) {
            missing.add(layout.zipkinJar().toString());
        }
        if (!missing.isEmpty()) {
            throw new StackException("not built: " + missing + "; run ./mvnw -B package -DskipTests");
        }
    }

    private void checkPortsFree() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(layout.kafkaPort(), "Kafka");
        ports.put(layout.controllerPort(), "Kafka controller");
        ports.put(layout.postgresPort(), "PostgreSQL");
        ports.put(layout.smtpPort(), "SMTP");
        ports.put(layout.mailHttpPort(), "mail listing");
        ports.put(layout.keycloakPort(), "Keycloak");
        ports.put(layout.providerPort(), "payment provider");
        ports.put(layout.consolePort(), "console");
        ports.put(layout.zipkinPort(), "Zipkin");
        layout.services().forEach(s -> ports.put(s.port(), s.name()));
        layout.instances().forEach(i -> ports.put(i.port(), i.name()));
        ports.forEach((port, user) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new StackException("port " + port + " (" + user + ") is already in use");
            }
        });
    }

    static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean httpOk(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
