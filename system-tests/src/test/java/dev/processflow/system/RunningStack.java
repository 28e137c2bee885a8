package dev.processflow.system;

import dev.processflow.stack.Stack;
import dev.processflow.stack.StackLock;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the stack once per test JVM through the same code as {@code ./processflow up}, on ports of its own so it
 * never meets a stack a developer is running, and stops it when the JVM's tests are done.
 */
public final class RunningStack implements ParameterResolver {

    /** Shorter than the 30 s default, so the fault case that waits out a timeout stays quick. */
    static final Duration SAGA_TIMEOUT = Duration.ofSeconds(20);

    /**
     * The cap of payment-service's backoff for captures, voids and authorizations in doubt (5 min in production):
     * after a long provider outage the next attempt comes at most this long after its return, so the outage tests
     * wait for the product's retries, not for a long cap.
     */
    static final Duration SETTLEMENT_MAX_DELAY = Duration.ofSeconds(20);

    /** With replicas only: how long a notification instance's claim is its own (see {@link #start()}). */
    static final Duration NOTIFICATION_CLAIM_LEASE = Duration.ofSeconds(30);

    record Handle(Stack stack, Shop shop, Path dataDir, StackLock lock) implements AutoCloseable {

        /** The settings of a Kafka client that logs in to the stack's broker as {@code user}. */
        Map<String, Object> kafkaClient(String user) {
            return new java.util.HashMap<>(stack.kafkaCredentials().client(user, stack.layout().kafkaBootstrap()));
        }

        @Override
        public void close() throws IOException {
            stack.close();
            lock.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Handle.class, key -> start(), Handle.class);
    }

    private static Handle start() {
        Path repository = Path.of(System.getProperty("processflow.repository", "..")).toAbsolutePath().normalize();
        Path dataDir = repository.resolve("system-tests/target/stack");
        wipe(dataDir);
        StackLock lock;
        try {
            lock = StackLock.tryAcquire(dataDir).orElseThrow(() -> new IllegalStateException("a stack already runs in " + dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StackLayout layout = StackLayout.defaults(repository, dataDir)
                .withPortOffset(Integer.parseInt(System.getProperty("processflow.system.port-offset", "20000")))
                .withReplicas(Integer.parseInt(System.getProperty("processflow.system.replicas", "1")));
        Map<String, String> overrides = new HashMap<>(Map.of(
                "PROCESSFLOW_SAGA_TIMEOUT", SAGA_TIMEOUT.toSeconds() + "s",
                "PROCESSFLOW_PAYMENT_SETTLEMENT_MAX_DELAY", SETTLEMENT_MAX_DELAY.toSeconds() + "s"));
        if (layout.replicas() > 1) {
            // A killed instance's e-mail claims wait for their lease (5 min in production) before a live instance
            // takes them over; this keeps the replica run's settling within minutes, still past one SMTP attempt.
            overrides.put("PROCESSFLOW_NOTIFICATION_CLAIM_LEASE", NOTIFICATION_CLAIM_LEASE.toSeconds() + "s");
        }
        Stack stack = new Stack(layout, Stack.runnerClasspath(repository), overrides);
        long started = System.nanoTime();
        stack.start();
        System.out.printf("system-tests: stack ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        return new Handle(stack, new Shop(layout), dataDir, lock);
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> services() {
        return List.of("order-service", "payment-service", "inventory-service", "notification-service", "image-service");
    }
}
