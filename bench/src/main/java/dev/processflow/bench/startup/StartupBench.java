package dev.processflow.bench.startup;

import dev.processflow.bench.AotPackaging;
import dev.processflow.bench.Http;
import dev.processflow.bench.Machine;
import dev.processflow.bench.Options;
import dev.processflow.bench.ProcessMemory;
import dev.processflow.bench.report.Html;
import dev.processflow.bench.report.Json;
import dev.processflow.bench.report.Table;
import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.ServiceRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./processflow bench startup}: each service started as an extra instance next to the running stack, on its
 * own port, its own database and its own freshly created topics (so it neither steals the stack's partitions nor
 * replays their history), with one event waiting for it. Measured from process start: ready (health/ready answers
 * 200), first event handled (its dedupe row committed), idle RSS. Per JDK and cache variant, as ratios to plain JDK 17.
 */
public final class StartupBench {

    static final List<String> ALL_VARIANTS = List.of("jdk17", "jdk17-appcds", "jdk25", "jdk25-aot");
    private static final Set<String> OPTIONS = Set.of("services", "variants", "runs", "jdk17", "jdk25", "java-opts",
            "idle", "timeout", "kafka", "pg-host", "pg-port", "pg-superuser", "smtp-port", "port", "out", "aot-output",
            "issuer", "data-dir");
    private static final Set<String> FLAGS = Set.of("no-build", "rebuild", "retrain", "help");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    /** PRIME waits for ready only; TRAIN and MEASURE also for the first event; only MEASURE tolerates a failure. */
    enum Mode { PRIME, TRAIN, MEASURE }

    /** One run of one service in one variant; times in ms from process start, -1 when not reached. */
    public record Measurement(String service, String variant, int run, double readyMs, double firstEventMs,
            double quarkusStartedMs, long idleRssKiB, String note) {
    }

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Options> options = Options.parseOrUsage(args, OPTIONS, FLAGS, StartupBench::usage);
        if (options.isPresent()) {
            System.exit(new StartupBench().run(options.get()));
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./processflow bench startup [options]   (with ./processflow up running: uses its Kafka, PostgreSQL, SMTP)
                  --services a,b           default: all five
                  --variants a,b           jdk17 (plain), jdk17-appcds, jdk25 (aot-jar, no cache), jdk25-aot (default: all)
                  --runs N                 measured runs per service and variant, interleaved (default 3)
                  --java-opts "..."        every variant's JVM options (default the stack's: %s)
                  --idle D                 wait after the first event before reading the idle RSS (default 10s)
                  --jdk17 DIR --jdk25 DIR  (default: this JVM if it is 17, else /usr/lib/jvm/java-17-openjdk-amd64;
                                           /usr/lib/jvm/temurin-25-jdk-amd64)
                  --aot-output NAME        the JDK 25 aot-jar build goes to <service>/target/NAME (default bench-aot),
                                           never into target/quarkus-app; --no-build uses it as is, --rebuild forces it
                  --retrain                new AppCDS archives and AOT caches even if present
                  --port N --out DIR --kafka --pg-host --pg-port --pg-superuser --smtp-port
                  --issuer URL             the users' realm the services verify tokens against (default the local stack's)
                  --data-dir DIR           the stack's data directory, for its Kafka logins (default .processflow)"""
                .formatted(ServiceRuntime.PLAIN_JVM_OPTIONS));
    }

    private int run(Options o) throws Exception {
        Path repository = Path.of(System.getProperty("processflow.repository", ".")).toAbsolutePath().normalize();
        Path out = repository.resolve(o.string("out", "bench/target/results"));
        Path work = repository.resolve("bench/target/startup");
        Files.createDirectories(work);
        String jdk17 = o.string("jdk17", System.getProperty("java.specification.version").equals("17")
                ? System.getProperty("java.home") : "/usr/lib/jvm/java-17-openjdk-amd64");
        String jdk25 = o.string("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
        List<String> variants = o.list("variants", ALL_VARIANTS);
        List<ServiceUnderTest> services = ServiceUnderTest.select(repository, o.list("services", ServiceUnderTest.NAMES));
        String aotOutput = o.string("aot-output", "bench-aot");
        String kafka = o.string("kafka", "127.0.0.1:9092");
        KafkaCredentials logins = KafkaCredentials.load(repository.resolve(o.string("data-dir", ".processflow")));
        Engines engines = new Engines(kafka, logins, o.string("pg-host", "127.0.0.1"), o.integer("pg-port", 5432),
                o.string("pg-superuser", "postgres"), o.integer("smtp-port", 1025), work.resolve("images"),
                o.string("issuer", "http://localhost:8180/realms/processflow"));
        if (!engines.reachable()) {
            System.err.println("bench: Kafka or PostgreSQL is not reachable; start the stack first: ./processflow up");
            return 2;
        }
        for (ServiceUnderTest service : services) {
            if (!Files.exists(service.stackJar())) {
                System.err.println("bench: " + service.stackJar() + " is missing; run ./processflow build");
                return 2;
            }
        }
        boolean needsAot = variants.stream().anyMatch(v -> v.startsWith("jdk25"));
        if (needsAot && !Files.isExecutable(Path.of(jdk25, "bin", "java"))) {
            System.err.println("bench: no JDK 25 at " + jdk25 + " (--jdk25 DIR)");
            return 2;
        }
        if (needsAot) {
            List<ServiceUnderTest> missing = services.stream()
                    .filter(s -> o.flag("rebuild") || !Files.exists(s.aotJar(aotOutput))).toList();
            if (!missing.isEmpty()) {
                if (o.flag("no-build")) {
                    System.err.println("bench: no aot-jar build for " + missing.stream().map(ServiceUnderTest::name).toList()
                            + " and --no-build given");
                    return 2;
                }
                AotPackaging.build(repository, jdk25, missing.stream().map(ServiceUnderTest::name).toList(), aotOutput,
                        work.resolve("aot-build.log"));
            }
        }
        String javaOptions = o.string("java-opts", ServiceRuntime.PLAIN_JVM_OPTIONS);
        Duration idle = o.duration("idle", Duration.ofSeconds(10));
        Duration timeout = o.duration("timeout", Duration.ofMinutes(2));
        int port = o.integer("port", 18080);
        Launcher launcher = new Launcher(engines, work, javaOptions, port, timeout);
        try {
            engines.prepare(services);
            for (ServiceUnderTest service : services) {
                System.out.printf("%s: first start (migrates its bench database, warms the file cache)...%n", service.name());
                launcher.measure(service, plain(jdk17, service), "prime", 0, Duration.ZERO, Mode.PRIME);
            }
            Map<String, Map<String, Variant>> resolved = new LinkedHashMap<>();
            for (ServiceUnderTest service : services) {
                Map<String, Variant> byName = new LinkedHashMap<>();
                for (String variant : variants) {
                    byName.put(variant, variant(variant, service, jdk17, jdk25, aotOutput, work, launcher, o.flag("retrain")));
                }
                resolved.put(service.name(), byName);
            }
            List<Measurement> measurements = new ArrayList<>();
            int runs = o.integer("runs", 3);
            for (int run = 1; run <= runs; run++) {
                for (ServiceUnderTest service : services) {
                    for (String variant : variants) {
                        Measurement m = launcher.measure(service, resolved.get(service.name()).get(variant), variant, run, idle,
                                Mode.MEASURE);
                        System.out.printf(
                                "  run %d %-22s %-13s ready %6.0f ms, first event %6.0f ms, Quarkus %6.0f ms, idle RSS %4d MiB %s%n",
                                run, service.name(), variant, m.readyMs(), m.firstEventMs(), m.quarkusStartedMs(),
                                m.idleRssKiB() / 1024, m.note());
                        measurements.add(m);
                    }
                }
            }
            report(out, services, variants, measurements, javaOptions, jdk17, jdk25);
        } finally {
            engines.close();
        }
        return 0;
    }

    /** A way to start one service: which java, which jar, which extra options. */
    record Variant(String java, Path jar, List<String> options) {
    }

    private static Variant plain(String jdk17, ServiceUnderTest service) {
        return new Variant(Path.of(jdk17, "bin", "java").toString(), service.stackJar(), List.of());
    }

    private static Variant variant(String name, ServiceUnderTest service, String jdk17, String jdk25, String aotOutput,
            Path work, Launcher launcher, boolean retrain) throws Exception {
        String java17 = Path.of(jdk17, "bin", "java").toString();
        String java25 = Path.of(jdk25, "bin", "java").toString();
        switch (name) {
            case "jdk17" -> {
                return plain(jdk17, service);
            }
            case "jdk17-appcds" -> {
                Path archive = work.resolve(service.name() + "-jdk17.jsa");
                if (retrain || !Files.exists(archive)) {
                    Files.deleteIfExists(archive);
                    System.out.printf("%s: AppCDS training run on JDK 17 (archive written at exit)...%n", service.name());
                    launcher.measure(service, new Variant(java17, service.stackJar(),
                            List.of("-XX:ArchiveClassesAtExit=" + archive)), "train-appcds", 0, Duration.ofSeconds(2), Mode.TRAIN);
                    requireFile(archive, "the AppCDS archive");
                }
                return new Variant(java17, service.stackJar(), List.of("-XX:SharedArchiveFile=" + archive));
            }
            case "jdk25" -> {
                return new Variant(java25, service.aotJar(aotOutput), List.of());
            }
            case "jdk25-aot" -> {
                Path cache = service.aotJar(aotOutput).resolveSibling("app.aot");
                if (retrain || !Files.exists(cache)) {
                    Files.deleteIfExists(cache);
                    System.out.printf("%s: AOT cache training run on JDK 25 (cache assembled at exit)...%n", service.name());
                    launcher.measure(service, new Variant(java25, service.aotJar(aotOutput),
                            List.of("-XX:AOTCacheOutput=" + cache)), "train-aot", 0, Duration.ofSeconds(2), Mode.TRAIN);
                    requireFile(cache, "the AOT cache");
                }
                return new Variant(java25, service.aotJar(aotOutput), List.of("-XX:AOTCache=" + cache));
            }
            default -> throw new IllegalArgumentException("unknown variant " + name + "; known: " + ALL_VARIANTS);
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(what + " " + file + " was not written; see the logs in bench/target/startup");
        }
    }

    private static void report(Path out, List<ServiceUnderTest> services, List<String> variants,
            List<Measurement> measurements, String javaOptions, String jdk17, String jdk25) throws IOException {
        Table table = new Table("service", "variant", "ready ms", "first event ms", "Quarkus 'started in' ms",
                "idle RSS MiB", "ready / plain", "first event / plain", "RSS / plain");
        Map<String, Object> summary = new LinkedHashMap<>();
        for (ServiceUnderTest service : services) {
            double[] base = null;
            Map<String, Object> perVariant = new LinkedHashMap<>();
            for (String variant : variants) {
                List<Measurement> of = measurements.stream()
                        .filter(m -> m.service().equals(service.name()) && m.variant().equals(variant)).toList();
                double ready = median(of.stream().mapToDouble(Measurement::readyMs).toArray());
                double event = median(of.stream().mapToDouble(Measurement::firstEventMs).toArray());
                double quarkus = median(of.stream().mapToDouble(Measurement::quarkusStartedMs).toArray());
                double rss = median(of.stream().mapToDouble(m -> m.idleRssKiB() / 1024.0).toArray());
                if (variant.equals("jdk17")) {
                    base = new double[] {ready, event, rss};
                }
                table.row(service.name(), variant, f0(ready), f0(event), f0(quarkus), f0(rss),
                        base == null ? "" : f2(ready / base[0]), base == null ? "" : f2(event / base[1]),
                        base == null ? "" : f2(rss / base[2]));
                perVariant.put(variant, Map.of("medianReadyMs", ready, "medianFirstEventMs", event,
                        "medianQuarkusStartedMs", quarkus, "medianIdleRssMiB", rss));
            }
            summary.put(service.name(), perVariant);
        }
        System.out.println();
        System.out.print(table.markdown());
        String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "startup");
        doc.put("runId", runId);
        doc.put("finishedAt", Instant.now().toString());
        doc.put("machine", Machine.describe());
        doc.put("javaOptions", javaOptions);
        doc.put("jdk17", jdk17);
        doc.put("jdk25", jdk25);
        doc.put("medians", summary);
        doc.put("measurements", measurements);
        Path json = out.resolve("startup-" + runId + ".json");
        Path htmlFile = out.resolve("startup-" + runId + ".html");
        Json.write(json, doc);
        new Html("processflow cold start, run " + runId)
                .paragraph("Machine: " + Machine.describe() + ". JVM options of every variant: " + javaOptions
                        + ". Medians of the runs; ratios to plain JDK 17.")
                .table(table)
                .write(htmlFile);
        System.out.println("wrote " + json + " and " + htmlFile);
    }

    static double median(double[] values) {
        double[] usable = java.util.Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
        if (usable.length == 0) {
            return Double.NaN;
        }
        int mid = usable.length / 2;
        return usable.length % 2 == 1 ? usable[mid] : (usable[mid - 1] + usable[mid]) / 2;
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Starts one instance, waits for ready and the first event, reads the idle RSS, stops it with SIGTERM. */
    static final class Launcher {

        private final Engines engines;
        private final Path work;
        private final String javaOptions;
        private final int port;
        private final Duration timeout;
        private int sequence;

        Launcher(Engines engines, Path work, String javaOptions, int port, Duration timeout) {
            this.engines = engines;
            this.work = work;
            this.javaOptions = javaOptions;
            this.port = port;
            this.timeout = timeout;
        }

        Measurement measure(ServiceUnderTest service, Variant variant, String label, int run, Duration idle, Mode mode)
                throws Exception {
            int n = ++sequence;
            Engines.Wiring wiring = engines.wire(service, n);
            Path log = work.resolve(service.name() + "-" + label + "-" + n + ".log");
            List<String> command = new ArrayList<>();
            command.add(variant.java());
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
            command.addAll(variant.options());
            command.addAll(wiring.systemProperties());
            command.addAll(List.of("-jar", variant.jar().getFileName().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(variant.jar().getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(engines.environment(service, port));
            long baseline = engines.processedEvents(service);
            long start = System.nanoTime();
            Process process = builder.start();
            double ready = -1;
            double firstEvent = -1;
            String note = "";
            long deadline = start + timeout.toNanos();
            try {
                String health = "http://127.0.0.1:" + port + "/q/health/ready";
                boolean awaitEvent = mode != Mode.PRIME;
                while ((ready < 0 || (awaitEvent && firstEvent < 0)) && System.nanoTime() < deadline && process.isAlive()) {
                    if (ready < 0 && Http.ok(health)) {
                        ready = (System.nanoTime() - start) / 1e6;
                    }
                    if (firstEvent < 0 && engines.processedEvents(service) > baseline) {
                        firstEvent = (System.nanoTime() - start) / 1e6;
                    }
                    Thread.sleep(10);
                }
                if (!process.isAlive()) {
                    note = "exited with " + process.exitValue() + ", see " + log;
                } else if (ready < 0 || (awaitEvent && firstEvent < 0)) {
                    note = "timed out, see " + log;
                }
                if (!idle.isZero() && process.isAlive()) {
                    Thread.sleep(idle.toMillis());
                }
                long rss = ProcessMemory.rssKiB(process.pid()).orElse(-1);
                if (mode != Mode.MEASURE && !note.isEmpty()) {
                    throw new IllegalStateException(service.name() + " " + label + ": " + note);
                }
                return new Measurement(service.name(), label, run, ready, firstEvent, quarkusStarted(log), rss, note);
            } finally {
                process.destroy();
                // A training run writes its archive or cache at exit, which takes a while.
                if (!process.waitFor(mode == Mode.TRAIN ? 300 : 30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                wiring.close();
            }
        }

        private static double quarkusStarted(Path log) {
            try {
                Matcher matcher = STARTED.matcher(Files.readString(log));
                return matcher.find() ? Double.parseDouble(matcher.group(1)) * 1000 : -1;
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** The stack's engines as the measured instances use them: a database per service, fresh topics per start. */
    static final class Engines implements AutoCloseable {

        /** One start's topics and overrides; closing deletes its topics. */
        interface Wiring extends AutoCloseable {
            List<String> systemProperties();

            @Override
            void close() throws Exception;
        }

        private final String kafka;
        private final KafkaCredentials logins;
        private final String issuer;
        private final String pgHost;
        private final int pgPort;
        private final String superuser;
        private final int smtpPort;
        private final Triggers triggers;

        /**
         * The measured services and the triggers log in as the stack's super user: each start reads and writes
         * topics of its own, which no service's ACLs cover.
         */
        Engines(String kafka, KafkaCredentials logins, String pgHost, int pgPort, String superuser, int smtpPort,
                Path imageDirectory, String issuer) {
            this.kafka = kafka;
            this.logins = logins;
            this.issuer = issuer;
            this.pgHost = pgHost;
            this.pgPort = pgPort;
            this.superuser = superuser;
            this.smtpPort = smtpPort;
            this.triggers = new Triggers(logins.client(KafkaCredentials.ADMIN, kafka), imageDirectory);
        }

        boolean reachable() {
            try (Connection ignored = connect("postgres")) {
                return triggers.reachable();
            } catch (SQLException e) {
                return false;
            }
        }

        Connection connect(String database) throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database, superuser, "");
        }

        /** Creates each service's bench database (owned by the services' role) and the shared dead-letter topic. */
        void prepare(List<ServiceUnderTest> services) throws Exception {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                for (ServiceUnderTest service : services) {
                    try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                            + service.benchDatabase() + "'")) {
                        if (!rs.next()) {
                            statement.execute("CREATE DATABASE " + service.benchDatabase() + " OWNER processflow");
                        }
                    }
                }
            }
            triggers.createTopic(Triggers.DEAD_LETTERS);
        }

        Map<String, String> environment(ServiceUnderTest service, int port) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_PROFILE", "prod");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("KAFKA_USERNAME", KafkaCredentials.ADMIN);
            env.put("KAFKA_PASSWORD", logins.password(KafkaCredentials.ADMIN));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + service.benchDatabase());
            env.put("QUARKUS_DATASOURCE_USERNAME", "processflow");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "processflow");
            env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
            env.put("QUARKUS_MAILER_PORT", Integer.toString(smtpPort));
            env.put("QUARKUS_OIDC_AUTH_SERVER_URL", issuer);
            env.put("PROCESSFLOW_IMAGE_STORAGE", "local");
            env.put("PROCESSFLOW_IMAGE_LOCAL_DIRECTORY", triggers.imageDirectory().toString());
            return env;
        }

        /** Rows in the service's dedupe log: one more means its first event was handled and committed. */
        long processedEvents(ServiceUnderTest service) {
            try (Connection connection = connect(service.benchDatabase()); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM processed_event")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                return 0;
            }
        }

        /** Fresh topics for every incoming channel, the trigger event already on the service's trigger channel. */
        Wiring wire(ServiceUnderTest service, int n) throws Exception {
            List<String> properties = new ArrayList<>();
            List<String> topics = new ArrayList<>();
            String prefix = "bench-startup-" + ProcessHandle.current().pid() + "-" + n + "-" + service.name();
            for (String channel : service.channels()) {
                String topic = prefix + "-" + channel;
                triggers.createTopic(topic);
                topics.add(topic);
                properties.add("-Dmp.messaging.incoming." + channel + ".topic=" + topic);
                properties.add("-Dmp.messaging.incoming." + channel + ".group.id=" + topic);
                properties.add("-Dmp.messaging.incoming." + channel + ".dead-letter-queue.topic=" + Triggers.DEAD_LETTERS);
            }
            triggers.send(service, prefix + "-" + service.triggerChannel(), this);
            return new Wiring() {
                @Override
                public List<String> systemProperties() {
                    return properties;
                }

                @Override
                public void close() throws Exception {
                    triggers.deleteTopics(topics);
                }
            };
        }

        @Override
        public void close() {
            triggers.close();
        }
    }
}
