package dev.processflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used so far by each part of the co-located stack, from /proc: each service JVM (by its jar's path, so a
 * service's replicas add up), Kafka, PostgreSQL (all its processes), the mail catcher, the payment provider, Keycloak, Zipkin, this benchmark,
 * and everything else. The difference of two snapshots over a phase says which part the machine's cores went to.
 */
public final class CpuAccounting {

    /** Clock ticks per second of /proc/[pid]/stat's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuAccounting() {
    }

    /** CPU seconds (user + system) per component, of the processes alive now. */
    public static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    if (cpu == 0) {
                        continue;
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    long pid = Long.parseLong(process.getFileName().toString());
                    seconds.merge(component(pid == self, comm, cmdline), cpu, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the process exited while being read
                }
            }
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    /** The part of the stack a process belongs to, by its command line ({@code self}: this benchmark). */
    public static String component(boolean self, String comm, String cmdline) {
        if (self) {
            return "bench";
        }
        // Keycloak is a Quarkus application too, with paths under the data directory before its own.
        if (cmdline.contains("keycloak")) {
            return "keycloak";
        }
        int jar = cmdline.indexOf("/target/");
        if (cmdline.contains("quarkus-run.jar") && jar > 0) {
            String before = cmdline.substring(0, jar);
            return before.substring(before.lastIndexOf('/') + 1);
        }
        if (cmdline.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (comm.startsWith("postgres") || cmdline.contains("PostgresServer")) {
            return "postgres";
        }
        if (cmdline.contains("MailServer")) {
            return "mail";
        }
        if (cmdline.contains("payment-provider.jar")) {
            return "payment-provider";
        }
        if (cmdline.contains("zipkin-server")) {
            return "zipkin";
        }
        // With replicas the launcher balances each saga service's connections over its instances.
        if (cmdline.contains("dev.processflow.stack.Launcher")) {
            return "launcher";
        }

        return "other";
    }

    /** CPU time this process has used so far, in nanoseconds (every thread, the JVM's own included). */
    public static long ownProcessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Cores used per component between two snapshots {@code seconds} apart. */
    public static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> cores = new TreeMap<>();
        after.forEach((component, cpu) -> cores.put(component, Math.max(0, cpu - before.getOrDefault(component, 0.0)) / seconds));
        return cores;
    }
}
