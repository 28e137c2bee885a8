package dev.processflow.bench.orders;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, read off an HdrHistogram of microseconds. */
public record Percentiles(long count, double mean, double p50, double p90, double p99, double p999, double max) {

    public static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(1, Math.min(3_600_000_000L, nanos / 1000)));
    }

    public static Percentiles of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(h.getTotalCount(), h.getMean() / 1000, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
