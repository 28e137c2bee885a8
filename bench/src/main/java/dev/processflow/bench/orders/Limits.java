package dev.processflow.bench.orders;

import java.util.Map;

/**
 * What the same PostgreSQL and Kafka can do on this machine, and what one order costs them, measured in the same run.
 * The commit-bound limit is commits per second at the benchmark's concurrency divided by the write transactions one
 * order costs across all services (outbox relay transactions included, since they are counted by PostgreSQL itself).
 */
public record Limits(String postgresVersion, String synchronousCommit, String fsync, int concurrency, double commitsPerSecondSingle,
        double commitsPerSecond, long measuredOrders, double writeTransactionsPerOrder,
        Map<String, Double> commitsPerOrderByDatabase, BrokerLimit.Throughput kafka, Map<String, Double> recordsPerOrder,
        Map<String, Double> deliveriesPerOrder) {

    public double commitBoundOrdersPerSecond() {
        return commitsPerSecond / writeTransactionsPerOrder;
    }

    public double recordsPerOrderTotal() {
        return recordsPerOrder.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double deliveriesPerOrderTotal() {
        return deliveriesPerOrder.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double kafkaBoundOrdersPerSecond() {
        return Math.min(kafka.producedPerSecond() / recordsPerOrderTotal(), kafka.consumedPerSecond() / deliveriesPerOrderTotal());
    }
}
