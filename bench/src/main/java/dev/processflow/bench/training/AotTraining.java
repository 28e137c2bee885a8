package dev.processflow.bench.training;

import dev.processflow.bench.AotPackaging;
import dev.processflow.bench.Http;
import dev.processflow.bench.Options;
import dev.processflow.bench.images.Corpus;
import dev.processflow.bench.images.ImagesBench;
import dev.processflow.stack.RealmTokens;
import dev.processflow.stack.ServiceRuntime;
import dev.processflow.stack.Stack;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./processflow train}: the services' AOT caches, trained under the load they serve. Packages each service in
 * the aot-jar layout on JDK 25 or newer, starts the stack on it with every service recording
 * ({@code PROCESSFLOW_SERVICE_AOT=train}), places orders through the benchmark's load generator while uploading
 * images, and stops the stack: each service writes its cache, with the classes it loaded and the method profiles of
 * that load, as it exits. From then on {@code ./processflow up} runs the services on those caches with C2 (see
 * {@link ServiceRuntime}), until a build makes them stale.
 */
public final class AotTraining {

    private static final Set<String> OPTIONS = Set.of("jdk", "rate", "duration", "warmup");
    private static final Set<String> FLAGS = Set.of("help");
    private static final String DEFAULT_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";
    /** Pictures up to full HD: what the resize path runs on, without minutes of the largest ones. */
    private static final int LARGEST_TRAINING_WIDTH = 1920;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final Path repository;
    private final Path work;
    /** The recording stack: the default ports, as the order benchmark expects. */
    private final StackLayout layout;

    private AotTraining(Path repository) {
        this.repository = repository;
        this.work = repository.resolve("target/aot-training");
        this.layout = StackLayout.defaults(repository, work.resolve("stack"));
    }

    public static void main(String[] args) throws Exception {
        Optional<Options> options = Options.parseOrUsage(args, OPTIONS, FLAGS, AotTraining::usage);
        if (options.isPresent()) {
            Path repository = Path.of(System.getProperty("processflow.repository", ".")).toAbsolutePath().normalize();
            System.exit(new AotTraining(repository).run(options.get()));
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./processflow train [options]
                  trains the services' AOT caches under load; ./processflow up then runs them with C2 from the start
                  --jdk DIR          a JDK 25 or newer to package, train and run on (default %s)
                  --rate N           orders per second while training (default 15)
                  --duration D       how long orders are placed at that rate (default 60s), after
                  --warmup D         a start at 10 orders/s (default 30s)
                needs the default ports free: stop a running stack first""".formatted(DEFAULT_JDK));
    }

    private int run(Options o) throws Exception {
        Path jdk = Path.of(o.string("jdk", DEFAULT_JDK)).toAbsolutePath();
        Optional<Integer> version = AotPackaging.featureVersion(jdk);
        if (version.isEmpty() || version.get() < 25 || !Files.isExecutable(jdk.resolve("bin/java"))) {
            System.err.println("train: " + jdk + " is not a JDK 25 or newer (" + version.map(v -> "JDK " + v)
                    .orElse("no release file") + "); --jdk DIR names one");
            return 2;
        }
        Path stackData = layout.dataDir();
        Files.createDirectories(work);
        Instant started = Instant.now();
        AotPackaging.build(repository, jdk.toString(), layout.services().stream().map(StackLayout.Service::name)
                .toList(), ServiceRuntime.AOT_OUTPUT, work.resolve("aot-build.log"));
        Process stack = startRecordingStack(jdk, stackData);
        try {
            awaitReady(stack);
            CompletableFuture<Integer> images = CompletableFuture.supplyAsync(() -> uploadImages(stackData));
            int orders = placeOrders(o, stackData);
            int uploaded = images.join();
            if (orders != 0) {
                System.err.println("train: the order load failed (exit " + orders + "); see " + work.resolve("orders.log"));
                return 1;
            }
            System.out.printf("train: %d images resized; stopping the stack, each service writes its cache...%n",
                    uploaded);
        } finally {
            stop(stack);
        }
        for (StackLayout.Service service : layout.services()) {
            Path cache = ServiceRuntime.cache(repository, service);
            if (!Files.exists(cache) || Files.getLastModifiedTime(cache).toInstant().isBefore(started)) {
                System.err.println("train: " + service.name() + " wrote no cache " + cache + "; see "
                        + stackData.resolve("logs").resolve(service.name() + ".log"));
                return 1;
            }
            System.out.printf("  %-22s %s (%d MiB)%n", service.name(), cache, Files.size(cache) >> 20);
        }
        System.out.printf("train: done in %d s; ./processflow up now runs the services on these caches (C2, JDK %d)%n",
                Duration.between(started, Instant.now()).toSeconds(), version.get());
        return 0;
    }

    private Process startRecordingStack(Path jdk, Path stackData) throws IOException {
        ProcessBuilder up = new ProcessBuilder(repository.resolve("processflow").toString(), "up", "--fresh",
                "--data-dir", stackData.toString()).directory(repository.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("stack.log").toFile());
        up.environment().put("PROCESSFLOW_SERVICE_AOT", "train");
        up.environment().put("PROCESSFLOW_SERVICE_JAVA_HOME", jdk.toString());
        up.environment().remove("PROCESSFLOW_SERVICE_JAVA_OPTS");
        up.environment().remove("PROCESSFLOW_REPLICAS");
        System.out.println("train: starting the stack with every service recording (log " + work.resolve("stack.log") + ")");
        return up.start();
    }

    private void awaitReady(Process stack) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Path log = work.resolve("stack.log");
        while (!Files.readString(log).contains("processflow ready in")) {
            if (!stack.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the recording stack did not start; see " + log);
            }
            Thread.sleep(500);
        }
    }

    private int placeOrders(Options o, Path stackData) throws Exception {
        List<String> command = List.of(repository.resolve("processflow").toString(), "bench", "orders", "--data-dir",
                stackData.toString(), "--mode", "fixed", "--rate", o.string("rate", "15"),
                "--duration", o.string("duration", "60s"), "--warmup", o.string("warmup", "30s"), "--warmup-rate", "10",
                "--idle", "0s", "--skip-limits", "--out", work.resolve("results").toString());
        System.out.println("train: placing orders: " + String.join(" ", command.subList(1, command.size())));
        return new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("orders.log").toFile()).start().waitFor();
    }

    /** Uploads the smaller part of the image benchmark's corpus, one at a time, each until READY. */
    private int uploadImages(Path stackData) {
        try {
            List<Corpus.Item> pictures = Corpus.ensure(repository.resolve("bench/target/image-corpus"), 7).stream()
                    .filter(item -> item.width() <= LARGEST_TRAINING_WIDTH).toList();
            String issuer = Stack.issuer(stackData).orElseThrow();
            RealmTokens.Session uploader = new RealmTokens(issuer).session("ada");
            Http http = new Http(Duration.ofMinutes(1));
            String url = layout.service("image-service").url();
            for (int pass = 0; pass < 2; pass++) {
                for (Corpus.Item picture : pictures) {
                    ImagesBench.uploadAndAwaitReady(http, url, picture, Duration.ofMinutes(1), uploader);
                }
            }
            return 2 * pictures.size();
        } catch (Exception e) {
            throw new IllegalStateException("uploading the training images failed: " + e.getMessage(), e);
        }
    }

    /** SIGTERM to the launcher, which stops the services and waits while they write their caches. */
    private static void stop(Process stack) throws InterruptedException {
        stack.destroy();
        if (!stack.waitFor(10, TimeUnit.MINUTES)) {
            stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
