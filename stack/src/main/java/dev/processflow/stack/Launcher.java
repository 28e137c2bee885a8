package dev.processflow.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code processflow up | status | down | token}: runs the whole suite on this machine until Ctrl-C or SIGTERM. Only
 * one {@code up} per data directory: a lock file says whether one runs, a pid file lists what it started.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Path repository = Path.of(System.getProperty("processflow.repository", ".")).toAbsolutePath().normalize();
        Path dataDir = repository.resolve(".processflow");
        if (command.equals("dlq")) {
            List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
            int at = rest.indexOf("--data-dir");
            if (at >= 0 && at + 1 < rest.size()) {
                dataDir = Path.of(rest.remove(at + 1)).toAbsolutePath().normalize();
                rest.remove(at);
            }
            System.exit(new DeadLetterCommand(System.out, System.err).run(rest, dataDir));
        }
        boolean fresh = false;
        int portOffset = 0;
        String replicasFrom = "PROCESSFLOW_REPLICAS";
        String replicasText = Optional.ofNullable(System.getenv("PROCESSFLOW_REPLICAS")).orElse("1");
        int replicas = 1;
        String user = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(valueAfter(args, i++)).toAbsolutePath().normalize();
                    case "--fresh" -> fresh = true;
                    case "--port-offset" -> portOffset = wholeNumber(args[i], valueAfter(args, i++));
                    case "--replicas" -> {
                        replicasFrom = args[i];
                        replicasText = valueAfter(args, i++);
                    }
                    default -> {
                        if (command.equals("token") && user == null && !args[i].startsWith("-")) {
                            user = args[i];
                            continue;
                        }
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
            }
            if (command.equals("up")) {
                replicas = wholeNumber(replicasFrom, replicasText);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("processflow " + command + ": " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        int exit = switch (command) {
            case "up" -> up(repository, dataDir, fresh, portOffset, replicas);
            case "status" -> status(dataDir);
            case "down" -> down(dataDir);
            case "token" -> token(dataDir, user);
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(exit);
    }

    /** The value of the option at {@code at}; refused if the command line ends before it. */
    static String valueAfter(String[] args, int at) {
        if (at + 1 >= args.length) {
            throw new IllegalArgumentException(args[at] + " needs a value");
        }
        return args[at + 1];
    }

    /** {@code value} as the whole number {@code name} takes; refused with what was given otherwise. */
    static int wholeNumber(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
        }
    }

    private static void usage() {
        System.err.println("usage: processflow up [--data-dir DIR] [--fresh] [--port-offset N] [--replicas N]"
                + " | status [--data-dir DIR]"
                + " | down [--data-dir DIR] | token ada|grace|admin [--data-dir DIR]");
        System.err.println("       " + DeadLetterCommand.USAGE);
    }

    private static int up(Path repository, Path dataDir, boolean fresh, int portOffset, int replicas)
            throws Exception {
        StackLayout layout;
        try {
            layout = StackLayout.defaults(repository, dataDir).withPortOffset(portOffset).withReplicas(replicas);
        } catch (IllegalArgumentException e) {
            System.err.println("processflow up: " + e.getMessage());
            return 2;
        }
        Optional<StackLock> lock = StackLock.tryAcquire(dataDir);
        if (lock.isEmpty()) {
            System.err.println("processflow is already running with data directory " + dataDir + " (see ./processflow status)");
            return 1;
        }
        if (fresh) {
            wipe(dataDir);
        }
        Instant started = Instant.now();
        Stack stack;
        try {
            stack = new Stack(layout, System.getProperty("java.class.path"), Map.of());
        } catch (IllegalArgumentException e) {
            System.err.println("processflow up: " + e.getMessage());
            release(lock.get());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("processflow stopping...");
            stack.close();
            deletePidFile(dataDir);
            release(lock.get());
            System.out.println("processflow stopped");
            stopped.countDown();
        }, "processflow-stop"));
        System.out.println("processflow starting; logs in " + layout.logs());
        System.out.println("services' JVM: " + stack.serviceRuntime().description());
        try {
            stack.start();
        } catch (StackException e) {
            System.err.println("processflow failed to start: " + e.getMessage());
            return 1;
        }
        writePidFile(dataDir, stack);
        stack.pids().forEach((name, pid) -> System.out.printf("  %-22s pid %-7d log %s%n", name, pid, stack.log(name)));
        System.out.println("payment-service uses the test payment provider, a simulator with its ledger at "
                + layout.providerUrl() + "/admin/ledger (bearer " + Stack.PROVIDER_ADMIN_TOKEN + "): no real money moves");
        System.out.println(readyLine(layout, Duration.between(started, Instant.now())));
        kafkaAccessLines(stack.kafkaAccess(), stack.kafkaCredentials()).forEach(System.out::println);
        watch(stack);
        stopped.await();
        return 0;
    }

    static String readyLine(StackLayout layout, Duration took) {
        StringBuilder line = new StringBuilder("processflow ready in " + took.toSeconds() + " s:");
        line.append(" console=").append(layout.consoleUrl());
        line.append(" traces=").append(layout.traceUiUrl()).append('/');
        for (StackLayout.Service service : layout.services()) {
            line.append(' ').append(service.name()).append('=').append(service.url());
        }
        line.append(" swagger-ui=").append(layout.services().get(0).url()).append("/q/swagger-ui");
        line.append(" mail=").append(layout.mailUrl());
        line.append(" payment-provider=").append(layout.providerUrl());
        line.append(" kafka=").append(layout.kafkaBootstrap());
        line.append(" postgres=127.0.0.1:").append(layout.postgresPort());
        line.append(" issuer=").append(layout.issuer());
        line.append(System.lineSeparator()).append("Sign in: ./processflow token ada")
                .append(layout.dataDir().endsWith(".processflow") ? "" : " --data-dir " + layout.dataDir())
                .append(" prints an access token (users ada and grace are customers, admin the operator; ")
                .append("passwords <user>-local-only). Swagger UI: Authorize with client processflow-console.")
                .append(System.lineSeparator()).append("Flow console: ").append(layout.consoleUrl())
                .append(" (sign in as ada, grace or admin)")
                .append(System.lineSeparator()).append("Trace UI (Zipkin): ").append(layout.traceUiUrl()).append('/')
                .append(" (one trace per order; GET /orders/{id} names its traceId)");
        if (layout.replicas() > 1) {
            line.append(System.lineSeparator()).append("Replicas: ").append(layout.replicas())
                    .append(" instances of each saga service, its port above balancing over them:");
            layout.instances().stream().filter(i -> !i.name().equals(i.service()))
                    .forEach(i -> line.append(' ').append(i.name()).append('=').append(i.url()));
        }
        return line.toString();
    }

    /** Prints a demo user's access token on the last line, for curl's Authorization: Bearer. */
    private static int token(Path dataDir, String user) throws IOException {
        if (user == null) {
            usage();
            return 2;
        }
        Optional<String> issuer = Stack.issuer(dataDir);
        if (issuer.isEmpty()) {
            System.err.println("processflow has not run with data directory " + dataDir + "; start it with ./processflow up");
            return 1;
        }
        try {
            RealmTokens.Grant grant = new RealmTokens(issuer.get()).signIn(user);
            System.err.println("access token of " + user + " from " + issuer.get() + ", valid until " + grant.expiresAt());
            System.out.println(grant.accessToken());
            return 0;
        } catch (IllegalArgumentException | StackException e) {
            System.err.println("processflow token: " + e.getMessage());
            return 1;
        }
    }

    /** How the services and tools authenticate to the broker, and what each may do there. */
    static List<String> kafkaAccessLines(KafkaAccess access, KafkaCredentials credentials) {
        List<String> lines = new ArrayList<>();
        lines.add("kafka: every client logs in (SASL " + KafkaCredentials.MECHANISM + "); ACLs allow nothing else than:");
        access.services().forEach((service, what) -> lines.add(String.format(
                "  %-22s as user %s (KAFKA_PASSWORD): writes %s and dead letters to %s; reads %s; redrives %s", service,
                service, String.join(",", KafkaAccess.ownedTopics(service)),
                String.join(",", what.channels().stream().map(KafkaAccess.Channel::deadLetterTopic).distinct().toList()),
                String.join(",", what.channels().stream().map(c -> c.topic() + " (group " + c.group() + ")").toList()),
                String.join(",", what.redriven()))));
        lines.add(String.format("  %-22s reads every topic and dead-letter topic, writes nothing: --command-config %s",
                KafkaCredentials.OBSERVER, credentials.clientFile(KafkaCredentials.OBSERVER)));
        lines.add(String.format("  %-22s super user, the stack's own admin work: --command-config %s",
                KafkaCredentials.ADMIN, credentials.clientFile(KafkaCredentials.ADMIN)));
        lines.add("  passwords generated for this data directory, local only: " + credentials.file());
        return lines;
    }

    /** Reports parts that exit on their own; they are left down so the logs tell what happened. */
    private static void watch(Stack stack) throws InterruptedException {
        List<String> reported = new ArrayList<>();
        while (true) {
            Thread.sleep(1000);
            stack.exited().forEach((name, code) -> {
                if (!reported.contains(name)) {
                    reported.add(name);
                    System.err.println(name + " exited with code " + code + "; see " + stack.log(name));
                }
            });
        }
    }

    private static int status(Path dataDir) throws IOException {
        Optional<List<String>> pids = readPidFile(dataDir);
        if (pids.isEmpty() || !alive(Long.parseLong(pids.get().get(0).split(" ")[1]))) {
            System.out.println("processflow is not running (data directory " + dataDir + ")");
            return 3;
        }
        System.out.println("processflow is running (data directory " + dataDir + ")");
        for (String line : pids.get()) {
            String[] parts = line.split(" ");
            System.out.printf("  %-22s pid %-7s %s%n", parts[0], parts[1], alive(Long.parseLong(parts[1])) ? "running" : "DOWN");
        }
        return 0;
    }

    private static int down(Path dataDir) throws Exception {
        Optional<List<String>> pids = readPidFile(dataDir);
        if (pids.isEmpty()) {
            System.out.println("processflow is not running (data directory " + dataDir + ")");
            return 0;
        }
        long launcher = Long.parseLong(pids.get().get(0).split(" ")[1]);
        ProcessHandle.of(launcher).ifPresent(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(20);
        while (alive(launcher) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        for (String line : pids.get()) {
            ProcessHandle.of(Long.parseLong(line.split(" ")[1])).ifPresent(ProcessHandle::destroyForcibly);
        }
        deletePidFile(dataDir);
        System.out.println("processflow stopped");
        return 0;
    }

    private static void release(StackLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            System.err.println("could not release the data directory lock: " + e.getMessage());
        }
    }

    private static void writePidFile(Path dataDir, Stack stack) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("launcher " + ProcessHandle.current().pid());
        stack.pids().forEach((name, pid) -> lines.add(name + " " + pid));
        Files.write(dataDir.resolve("stack.pids"), lines, StandardCharsets.UTF_8);
    }

    private static Optional<List<String>> readPidFile(Path dataDir) throws IOException {
        Path file = dataDir.resolve("stack.pids");
        return Files.exists(file) ? Optional.of(Files.readAllLines(file)) : Optional.empty();
    }

    private static void deletePidFile(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(StackLayout.CLIENT_PROPERTIES));
            Files.deleteIfExists(dataDir.resolve("stack.pids"));
        } catch (IOException e) {
            System.err.println("could not delete the pid file: " + e.getMessage());
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Removes everything in the data directory but the lock this process holds. */
    private static void wipe(Path dataDir) throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path entry : entries.filter(p -> !p.getFileName().toString().equals("stack.lock")).toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }
}
