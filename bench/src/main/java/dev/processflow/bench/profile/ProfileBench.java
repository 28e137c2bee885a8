package dev.processflow.bench.profile;

import com.sun.tools.attach.VirtualMachine;
import dev.processflow.bench.CpuAccounting;
import dev.processflow.bench.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./processflow bench profile}: where the running services' CPU goes, every thread counted. JFR samples only
 * threads running Java code and so misses system calls, the JVM's own work and threads being woken; async-profiler
 * (from Maven Central) in {@code itimer} mode samples CPU time wherever it is spent. It is loaded into each running
 * service through the JDK's attach API, records for the given time (run a load meanwhile, for example
 * {@code ./processflow bench orders --mode fixed}), and leaves each service's samples in collapsed form (for flame
 * graphs) beside a summary: by thread pool, by the frame the samples ended in, by library.
 */
public final class ProfileBench {

    static final List<String> SAGA_SERVICES = List.of("order-service", "payment-service", "inventory-service",
            "notification-service");
    private static final Set<String> OPTIONS = Set.of("services", "duration", "interval", "out", "top");
    private static final Set<String> FLAGS = Set.of("help");
    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    private ProfileBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Options> options = Options.parseOrUsage(args, OPTIONS, FLAGS, ProfileBench::usage);
        if (options.isPresent()) {
            System.exit(run(options.get()));
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./processflow bench profile [options]   (with ./processflow up running, under load)
                  --services a,b    default: %s (every replica of each)
                  --duration D      how long to record (default 30s)
                  --interval D      CPU time between samples (default 5ms)
                  --top N           rows of each summary table (default 12)
                  --out DIR         default target/profile/<time>: <service>-<pid>.collapsed and summary.txt
                """.formatted(String.join(",", SAGA_SERVICES)));
    }

    static int run(Options options) throws Exception {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                || !Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"))) {
            System.err.println("bench profile: async-profiler is bundled here for Linux x64 only, not "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            return 2;
        }
        List<String> services = options.list("services", SAGA_SERVICES);
        Duration duration = options.duration("duration", Duration.ofSeconds(30));
        Duration interval = options.duration("interval", Duration.ofMillis(5));
        int top = options.integer("top", 12);
        Path out = Path.of(options.string("out", "target/profile/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))));
        Files.createDirectories(out);

        Map<Long, String> targets = running(services);
        if (targets.isEmpty()) {
            System.err.println("bench profile: none of " + services + " is running (./processflow up)");
            return 1;
        }
        Path library = extractLibrary(out);
        Map<Long, String> started = new LinkedHashMap<>();
        for (var target : targets.entrySet()) {
            try {
                load(target.getKey(), library, "start,event=itimer,interval=" + interval.toNanos() + ",threads");
                started.put(target.getKey(), target.getValue());
            } catch (Exception e) {
                System.err.printf("bench profile: could not start the profiler in %s (pid %d): %s%n",
                        target.getValue(), target.getKey(), e);
            }
        }
        System.out.printf("profiling %s for %d s%n", started.values(), duration.toSeconds());
        Thread.sleep(duration.toMillis());

        StringBuilder summary = new StringBuilder();
        for (var target : started.entrySet()) {
            Path collapsed = out.resolve(target.getValue() + "-" + target.getKey() + ".collapsed").toAbsolutePath();
            try {
                load(target.getKey(), library, "stop,file=" + collapsed + ",collapsed");
            } catch (Exception e) {
                System.err.printf("bench profile: could not stop the profiler in %s (pid %d): %s%n",
                        target.getValue(), target.getKey(), e);
                continue;
            }
            CollapsedProfile profile = CollapsedProfile.parse(Files.readAllLines(collapsed, StandardCharsets.UTF_8));
            summary.append(describe(target.getValue() + " (pid " + target.getKey() + ")", profile, interval, duration,
                    top));
        }
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
        System.out.println("collapsed stacks and this summary: " + out);
        return 0;
    }

    static String describe(String title, CollapsedProfile profile, Duration interval, Duration duration, int top) {
        StringBuilder text = new StringBuilder();
        double cpuMs = profile.total() * interval.toNanos() / 1e6;
        text.append(String.format(Locale.ROOT, "%n== %s: %d samples, about %.0f ms of CPU per second%n", title,
                profile.total(), cpuMs / Math.max(1, duration.toMillis() / 1000.0)));
        section(text, "by thread pool", profile.threads(top));
        section(text, "by library running (innermost frame outside the JDK and the JVM)", profile.libraries(top));
        section(text, "by frame the samples ended in", profile.leaves(top));
        return text.toString();
    }

    private static void section(StringBuilder text, String heading, List<CollapsedProfile.Share> shares) {
        text.append("  ").append(heading).append('\n');
        for (CollapsedProfile.Share share : shares) {
            text.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", share.percent(), share.name()));
        }
    }

    /** The JVMs of the named services (every replica), by process id. */
    private static Map<Long, String> running(List<String> services) throws IOException {
        Map<Long, String> found = new LinkedHashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ');
                    String stat = Files.readString(process.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String component = CpuAccounting.component(false, comm, cmdline);
                    if (services.contains(component) && comm.equals("java")) {
                        found.put(Long.parseLong(process.getFileName().toString()), component);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process exited while being read
                }
            }
        }
        return found;
    }

    private static Path extractLibrary(Path out) throws IOException {
        Path library = out.resolve("libasyncProfiler.so").toAbsolutePath();
        try (InputStream in = ProfileBench.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IOException(LIBRARY + " is not on the classpath (tools.profiler:async-profiler:linux-x64)");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return library;
    }

    /** Loads the profiler into a running JVM with one command (the attach API passes options jcmd cannot). */
    private static void load(long pid, Path library, String command) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgentPath(library.toString(), command);
        } finally {
            vm.detach();
        }
    }
}
