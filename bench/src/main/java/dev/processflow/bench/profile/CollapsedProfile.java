package dev.processflow.bench.profile;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One service's CPU samples in async-profiler's collapsed form, taken per thread: each line is the thread
 * ({@code [name tid=N]}), its frames from the root to the leaf separated by {@code ;}, and a sample count. Says where
 * the service's CPU went three ways: by thread pool (numbered threads of one pool counted together), by the frame the
 * samples ended in, and by the library that was running (the first frame, from the leaf up, outside the JDK and the
 * JVM: the code that asked for the work).
 */
public final class CollapsedProfile {

    /** A share of the samples. */
    public record Share(String name, long samples, double percent) {
    }

    private static final Pattern THREAD_NUMBER = Pattern.compile("(-thread)?[-#_ ]?\\d+$");
    private static final Pattern JDK_OR_VM = Pattern.compile(
            "^(java|javax|jdk|sun|com/sun)/.*|^[^/]*$");

    private final Map<String, Long> threads = new LinkedHashMap<>();
    private final Map<String, Long> leaves = new LinkedHashMap<>();
    private final Map<String, Long> libraries = new LinkedHashMap<>();
    private long total;

    /** Reads collapsed lines; blank and malformed lines are skipped. */
    public static CollapsedProfile parse(List<String> lines) {
        CollapsedProfile profile = new CollapsedProfile();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long samples;
            try {
                samples = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            profile.add(line.substring(0, space).split(";"), samples);
        }
        return profile;
    }

    private void add(String[] frames, long samples) {
        int first = 0;
        String thread = "(no thread)";
        if (frames[0].startsWith("[")) {
            thread = pool(frames[0]);
            first = 1;
        }
        total += samples;
        threads.merge(thread, samples, Long::sum);
        String leaf = frames.length > first ? frames[frames.length - 1] : "(no frame)";
        leaves.merge(leaf, samples, Long::sum);
        libraries.merge(library(frames, first), samples, Long::sum);
    }

    /** {@code [vert.x-eventloop-thread-1 tid=42]} and {@code [vert.x-eventloop-thread-0 tid=41]}: one pool. */
    static String pool(String threadFrame) {
        String name = threadFrame.substring(1, threadFrame.length() - 1).replaceAll("(^| )tid=\\d+$", "");
        if (name.isEmpty()) {
            return "(unnamed)";
        }
        String pooled = THREAD_NUMBER.matcher(name).replaceAll("");
        return pooled.isEmpty() ? name : pooled;
    }

    /**
     * The library of the innermost frame outside the JDK and the JVM, named by its package's first three parts
     * ({@code org.hibernate.engine}, {@code dev.processflow.order}); samples entirely in the JDK or the JVM count as
     * such.
     */
    static String library(String[] frames, int first) {
        for (int i = frames.length - 1; i >= first; i--) {
            String frame = frames[i];
            if (!JDK_OR_VM.matcher(frame).matches()) {
                String[] parts = frame.split("/");
                int depth = Math.min(3, parts.length - 1);
                return String.join(".", List.of(parts).subList(0, Math.max(1, depth)));
            }
        }
        for (int i = frames.length - 1; i >= first; i--) {
            if (frames[i].contains("/")) {
                return "(JDK)";
            }
        }
        return "(JVM, kernel)";
    }

    public long total() {
        return total;
    }

    public List<Share> threads(int limit) {
        return top(threads, limit);
    }

    public List<Share> leaves(int limit) {
        return top(leaves, limit);
    }

    public List<Share> libraries(int limit) {
        return top(libraries, limit);
    }

    private List<Share> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Share(e.getKey(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total))
                .toList();
    }
}
