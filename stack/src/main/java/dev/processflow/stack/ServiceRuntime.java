package dev.processflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the services' JVMs run.
 * <ul>
 * <li>{@code PLAIN}: the fast-jar with C1 only. Eight JVMs share a small machine, and C2's compiler threads, profiling
 * from scratch, otherwise compete with the services for minutes after a start.</li>
 * <li>{@code TRAINED}: the aot-jar packaging on JDK 25 or newer with the AOT cache a training run under load left
 * ({@code ./processflow train}): classes loaded and linked already, and that load's method profiles, so C2 compiles
 * the hot paths from the start instead of after minutes of profiling; the peak of C2 without its warm-up.</li>
 * <li>{@code TRAINING}: that run itself; each service writes its cache as it exits.</li>
 * </ul>
 * {@code PROCESSFLOW_SERVICE_AOT} chooses: {@code auto} (the default: trained when every service has a cache newer
 * than its build), {@code off} (plain) or {@code train}. Setting {@code PROCESSFLOW_SERVICE_JAVA_HOME} or
 * {@code PROCESSFLOW_SERVICE_JAVA_OPTS} chooses the JVM by hand, so {@code auto} runs plain with them.
 */
public record ServiceRuntime(Kind kind, String javaBin, List<String> jvmOptions, String description) {

    public enum Kind { PLAIN, TRAINED, TRAINING }

    /** The serial collector has no concurrent threads: eight JVMs share two cores. */
    public static final String PLAIN_JVM_OPTIONS =
            "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
    public static final String TRAINED_JVM_OPTIONS = "-Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
    /** Where under a service's target directory {@code ./processflow train} packages it and leaves its cache. */
    public static final String AOT_OUTPUT = "quarkus-aot";
    static final String CACHE_FILE = "app.aot";
    /** The java launcher a cache was trained with: a cache only loads into the JVM that wrote it. */
    static final String CACHE_JAVA_FILE = "app.aot.java";
    /** A training JVM assembles its cache after its shutdown, in a child JVM; on two busy cores that takes a while. */
    static final Duration TRAINING_STOP_GRACE = Duration.ofMinutes(5);
    static final Duration STOP_GRACE = Duration.ofSeconds(6);

    public ServiceRuntime {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The runtime {@code environment} asks for, given what the repository holds; refused if it cannot be had. */
    public static ServiceRuntime choose(Map<String, String> environment, StackLayout layout, String runnerJavaBin) {
        Optional<String> home = nonBlank(environment.get("PROCESSFLOW_SERVICE_JAVA_HOME"));
        Optional<String> options = nonBlank(environment.get("PROCESSFLOW_SERVICE_JAVA_OPTS"));
        String mode = nonBlank(environment.get("PROCESSFLOW_SERVICE_AOT")).orElse("auto").toLowerCase(Locale.ROOT);
        ServiceRuntime plain = plain(environment, runnerJavaBin);
        return switch (mode) {
            case "off" -> plain.described("PROCESSFLOW_SERVICE_AOT=off");
            case "auto" -> home.isPresent() || options.isPresent()
                    ? plain.described("the JVM PROCESSFLOW_SERVICE_JAVA_HOME/_OPTS chose")
                    : trained(layout).orElse(plain.described("no AOT caches current with this build: ./processflow train"));
            case "train" -> {
                if (layout.replicas() != 1) {
                    throw new IllegalArgumentException("a training run writes one cache per service: run it without replicas");
                }
                String java = home.map(ServiceRuntime::javaIn).orElseThrow(() -> new IllegalArgumentException(
                        "PROCESSFLOW_SERVICE_AOT=train needs PROCESSFLOW_SERVICE_JAVA_HOME, a JDK 25 or newer"));
                yield new ServiceRuntime(Kind.TRAINING, java, split(options.orElse(TRAINED_JVM_OPTIONS)),
                        "training the AOT caches, " + java);
            }
            default -> throw new IllegalArgumentException(
                    "PROCESSFLOW_SERVICE_AOT takes auto, off or train, not '" + mode + "'");
        };
    }

    /** The fast-jar on {@code PROCESSFLOW_SERVICE_JAVA_HOME}'s JDK or the runner's, with C1 only unless told. */
    public static ServiceRuntime plain(Map<String, String> environment, String runnerJavaBin) {
        String java = nonBlank(environment.get("PROCESSFLOW_SERVICE_JAVA_HOME")).map(ServiceRuntime::javaIn)
                .orElse(runnerJavaBin);
        String options = nonBlank(environment.get("PROCESSFLOW_SERVICE_JAVA_OPTS")).orElse(PLAIN_JVM_OPTIONS);
        return new ServiceRuntime(Kind.PLAIN, java, split(options), String.join(" ", split(options)));
    }

    /**
     * Trained when every service has its aot-jar and a cache written after both its packagings; a service built
     * again since is running other code than the cache was trained on, so the whole stack then runs plain.
     */
    static Optional<ServiceRuntime> trained(StackLayout layout) {
        String java = null;
        for (StackLayout.Service service : layout.services()) {
            Path directory = aotDirectory(layout.repository(), service);
            Path cache = directory.resolve(CACHE_FILE);
            Path javaFile = directory.resolve(CACHE_JAVA_FILE);
            Path aotJar = directory.resolve("quarkus-run.jar");
            if (!Files.isRegularFile(cache) || !Files.isRegularFile(javaFile) || !Files.isRegularFile(aotJar)) {
                return Optional.empty();
            }
            FileTime trainedAt = modified(cache);
            if (trainedAt.compareTo(modified(aotJar)) < 0
                    || trainedAt.compareTo(modified(service.jar(layout.repository()))) < 0) {
                return Optional.empty();
            }
            String trainedWith = read(javaFile);
            if (!Files.isExecutable(Path.of(trainedWith)) || (java != null && !java.equals(trainedWith))) {
                return Optional.empty();
            }
            java = trainedWith;
        }
        return Optional.ofNullable(java).map(j -> new ServiceRuntime(Kind.TRAINED, j, split(TRAINED_JVM_OPTIONS),
                "C2 with the AOT caches of ./processflow train, " + j));
    }

    /** The command that starts {@code service}; a training run first clears the cache it will write. */
    List<String> command(Path repository, StackLayout.Service service) {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        Path directory = aotDirectory(repository, service);
        switch (kind) {
            case PLAIN -> command.addAll(List.of("-jar", service.jar(repository).toString()));
            case TRAINED -> command.addAll(List.of("-XX:AOTCache=" + directory.resolve(CACHE_FILE),
                    "-jar", directory.resolve("quarkus-run.jar").toString()));
            case TRAINING -> {
                prepareTraining(directory);
                command.addAll(List.of("-XX:AOTCacheOutput=" + directory.resolve(CACHE_FILE),
                        "-jar", directory.resolve("quarkus-run.jar").toString()));
            }
        }
        return command;
    }

    Duration stopGrace() {
        return kind == Kind.TRAINING ? TRAINING_STOP_GRACE : STOP_GRACE;
    }

    public static Path aotDirectory(Path repository, StackLayout.Service service) {
        return repository.resolve(service.name()).resolve("target").resolve(AOT_OUTPUT);
    }

    public static Path cache(Path repository, StackLayout.Service service) {
        return aotDirectory(repository, service).resolve(CACHE_FILE);
    }

    private void prepareTraining(Path directory) {
        if (!Files.isRegularFile(directory.resolve("quarkus-run.jar"))) {
            throw new StackException("no aot-jar packaging in " + directory + "; ./processflow train builds it");
        }
        try {
            Files.deleteIfExists(directory.resolve(CACHE_FILE));
            Files.writeString(directory.resolve(CACHE_JAVA_FILE), javaBin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceRuntime described(String why) {
        return new ServiceRuntime(kind, javaBin, jvmOptions, description + " (" + why + ")");
    }

    private static String javaIn(String home) {
        return Path.of(home, "bin", "java").toString();
    }

    private static List<String> split(String options) {
        return List.of(options.trim().split("\\s+"));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
