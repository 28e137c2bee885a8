package dev.processflow.bench.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One phase's outcome. Latency runs from the moment an order was due to the moment its outcome event was read
 * from Kafka. Sustainable means: no failed request, every accepted order reached its outcome, p99 at most the limit,
 * and at the end of the phase no more than one second's worth of orders queued or in the pipeline.
 */
public record StepResult(String name, double rate, double seconds, long scheduled, long accepted, long failed,
        long incomplete, double completedPerSecond, Percentiles latency, Percentiles fromSend, Percentiles post,
        long backlogAtEnd, boolean sustainable, String verdict, Map<String, Double> cpuCores) {

    /** Total cores the co-located stack used during the phase. */
    public double cpuCoresTotal() {
        return cpuCores.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@code cpuCores}: cores used per component while the phase offered its load (see CpuAccounting). */
    public static StepResult evaluate(LoadGenerator.Phase phase, List<TrackedOrder> orders, List<Long> terminalTimes,
            long failed, long backlogAtEnd, double p99LimitMs, long nowNanos, Map<String, Double> cpuCores) {
        Histogram latency = Percentiles.histogram();
        Histogram fromSend = Percentiles.histogram();
        Histogram post = Percentiles.histogram();
        long accepted = 0;
        long incomplete = 0;
        for (TrackedOrder order : orders) {
            if (!phase.name().equals(order.phase())) {
                continue;
            }
            accepted++;
            long end = order.terminalNanos();
            if (end < 0) {
                incomplete++;
                end = nowNanos;
            }
            Percentiles.record(latency, end - order.intendedNanos());
            Percentiles.record(fromSend, end - order.sentNanos());
            Percentiles.record(post, order.acceptedNanos() - order.sentNanos());
        }
        long completed = terminalTimes.stream().filter(t -> t >= phase.startNanos() && t < phase.endNanos()).count();
        Percentiles latencyPercentiles = Percentiles.of(latency);
        List<String> reasons = new ArrayList<>();
        if (failed > 0) {
            reasons.add(failed + " requests failed");
        }
        if (incomplete > 0) {
            reasons.add(incomplete + " orders without outcome");
        }
        if (!(latencyPercentiles.p99() <= p99LimitMs)) {
            reasons.add("p99 " + Math.round(latencyPercentiles.p99()) + " ms > " + Math.round(p99LimitMs) + " ms");
        }
        long allowedBacklog = Math.max(5, Math.round(phase.rate()));
        if (backlogAtEnd > allowedBacklog) {
            reasons.add("backlog " + backlogAtEnd + " > " + allowedBacklog + " (1 s of arrivals)");
        }
        return new StepResult(phase.name(), phase.rate(), phase.seconds(), phase.scheduled(), accepted, failed,
                incomplete, completed / phase.seconds(), latencyPercentiles, Percentiles.of(fromSend),
                Percentiles.of(post), backlogAtEnd, reasons.isEmpty(), reasons.isEmpty() ? "sustained" : String.join("; ", reasons),
                Map.copyOf(cpuCores));
    }
}
