package dev.processflow.stack;

import dev.processflow.events.Topics;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The whole suite on one machine, each part its own OS process: a KRaft Kafka broker, PostgreSQL with one database
 * per service, an SMTP catcher that lists what it received, and the five services from their packaged jars. Used by
 * the {@code processflow} command and by the system tests, which also kill and restart parts of it.
 */
public final class Stack implements AutoCloseable {

    public static final String KAFKA = "kafka";
    public static final String POSTGRES = "postgres";
    public static final String MAIL = "mail";
    public static final int PARTITIONS = 3;

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /**
     * Eight JVMs share the machine: the serial collector has no concurrent threads, and C1-only compilation spends a
     * fraction of C2's CPU, which on a small machine otherwise competes with the services for minutes after start.
     * {@code PROCESSFLOW_SERVICE_JAVA_OPTS} replaces these.
     */
    public static final String SERVICE_JVM_OPTIONS =
            "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

    private final StackLayout layout;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath;
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private final Map<String, String> serviceOverrides;
    private final String serviceJvmOptions = Optional.ofNullable(System.getenv("PROCESSFLOW_SERVICE_JAVA_OPTS"))
            .orElse(SERVICE_JVM_OPTIONS);

    public Stack(StackLayout layout, String classpath, Map<String, String> serviceOverrides) {
        this.layout = layout;
        this.classpath = classpath;
        this.serviceOverrides = Map.copyOf(serviceOverrides);
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

    public StackLayout layout() {
        return layout;
    }

    /** Starts everything and waits until every part is ready; on any failure stops what it started and throws. */
    public void start() {
        checkBuilt();
        checkPortsFree();
        try {
            Files.createDirectories(layout.logs());
            startKafka();
            start(POSTGRES, List.of(javaBin, "-Xmx128m", "-cp", classpath, PostgresServer.class.getName(),
                    layout.dataDir().resolve("postgres").toString(), Integer.toString(layout.postgresPort()),
                    postgresReadyMarker().toString(),
                    layout.services().stream().map(StackLayout.Service::database).collect(Collectors.joining(","))),
                    Map.of());
            // The catcher keeps every mail in memory: room for a long benchmark's tens of thousands.
            start(MAIL, List.of(javaBin, "-Xmx512m", "-cp", classpath, MailServer.class.getName(),
                    Integer.toString(layout.smtpPort()), Integer.toString(layout.mailHttpPort())), Map.of());
            awaitReady(KAFKA, this::kafkaReady);
            createTopics();
            awaitReady(POSTGRES, () -> Files.exists(postgresReadyMarker()));
            awaitReady(MAIL, () -> httpOk(layout.mailUrl()));
            layout.services().forEach(service -> startService(service.name()));
            layout.services().forEach(service -> awaitService(service.name()));
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    public void startService(String name) {
        StackLayout.Service service = layout.service(name);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod,local");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", layout.kafkaBootstrap());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + layout.postgresPort() + "/" + service.database());
        env.put("QUARKUS_DATASOURCE_USERNAME", "processflow");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "processflow");
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(layout.smtpPort()));
        env.put("PROCESSFLOW_IMAGE_STORAGE", "local");
        env.put("PROCESSFLOW_IMAGE_LOCAL_DIRECTORY", layout.dataDir().resolve("images").toString());
        // glibc hands large freed blocks (image-service's libjpeg buffers) back to the system instead of keeping them.
        env.put("MALLOC_MMAP_THRESHOLD_", "131072");
        env.putAll(serviceOverrides);
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(List.of(serviceJvmOptions.split("\\s+")));
        command.addAll(List.of("-jar", service.jar(layout.repository()).toString()));
        start(name, command, env);
    }

    public void awaitService(String name) {
        StackLayout.Service service = layout.service(name);
        awaitReady(name, () -> httpOk(service.url() + "/q/health/ready"));
    }

    /** SIGKILL, as a crash would. */
    public void kill(String name) {
        process(name).kill();
    }

    /** SIGTERM with a grace period, as an orderly shutdown would. */
    public void stop(String name) {
        process(name).stop(Duration.ofSeconds(10));
    }

    /** Starts a stopped or killed part again and waits until it is ready. */
    public void restart(String name) {
        switch (name) {
            case KAFKA -> {
                process(KAFKA).start();
                awaitReady(KAFKA, this::kafkaReady);
            }
            case POSTGRES, MAIL -> throw new IllegalArgumentException("restart of " + name + " is not supported");
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

    /** Stops services first, then the engines, each with a grace period; well within 15 seconds in all. */
    @Override
    public void close() {
        List<ManagedProcess> services = new ArrayList<>();
        List<ManagedProcess> engines = new ArrayList<>();
        processes.values().forEach(p -> (layout.services().stream().anyMatch(s -> s.name().equals(p.name()))
                ? services : engines).add(p));
        stopAll(services, Duration.ofSeconds(6));
        stopAll(engines, Duration.ofSeconds(6));
    }

    private static void stopAll(List<ManagedProcess> parts, Duration grace) {
        List<Thread> stoppers = parts.stream().map(p -> new Thread(() -> p.stop(grace), "stop-" + p.name())).toList();
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
        Path kafkaDir = layout.dataDir().resolve("kafka");
        Path logDir = kafkaDir.resolve("data");
        Files.createDirectories(logDir);
        Path config = kafkaDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("controller.quorum.voters", "1@127.0.0.1:" + layout.controllerPort());
        properties.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + layout.kafkaPort() + ",CONTROLLER://127.0.0.1:" + layout.controllerPort());
        properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + layout.kafkaPort());
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("log.dirs", logDir.toString());
        properties.setProperty("num.partitions", Integer.toString(PARTITIONS));
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("offsets.topic.num.partitions", "3");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        properties.setProperty("auto.create.topics.enable", "false");
        try (var out = Files.newBufferedWriter(config)) {
            properties.store(out, "generated by processflow up");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(javaBin, "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", clusterId(), "-c", config.toString())
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

    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 1);
                if (topic.equals(Topics.CATALOG)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(newTopic);
                topics.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
            }
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (Exception e) {
                    throw new StackException("could not create topic " + name + ": " + e.getMessage(), e);
                }
            });
        }
    }

    private boolean kafkaReady() {
        // An admin client per poll against a closed port logs its connection failures; wait for the listener first.
        if (!accepting(layout.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
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
        List<String> missing = layout.services().stream()
                .filter(s -> !Files.exists(s.jar(layout.repository())))
                .map(s -> s.jar(layout.repository()).toString())
                .toList();
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
        layout.services().forEach(s -> ports.put(s.port(), s.name()));
        ports.forEach((port, user) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new StackException("port " + port + " (" + user + ") is already in use");
            }
        });
    }

    private static boolean accepting(int port) {
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
