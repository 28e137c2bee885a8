package dev.processflow.bench.orders;

import dev.processflow.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** All orders of the run by id, and the live counts the load generator and the drain logic watch. */
public final class OrderTracker {

    private final Map<String, TrackedOrder> orders = new ConcurrentHashMap<>();
    private final List<TrackedOrder> acceptedInOrder = new ArrayList<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failuresByPhase = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong terminal = new AtomicLong();
    private final List<Long> terminalTimes = new ArrayList<>();

    public void accepted(String id, OrderSpec spec, String phase, long intendedNanos, long sentNanos, long acceptedNanos) {
        TrackedOrder order = orders.computeIfAbsent(id, TrackedOrder::new);
        boolean alreadyTerminal = order.accept(spec, phase, intendedNanos, sentNanos, acceptedNanos);
        synchronized (acceptedInOrder) {
            acceptedInOrder.add(order);
        }
        accepted.incrementAndGet();
        if (alreadyTerminal) {
            terminalReached(order.terminalNanos());
        }
    }

    public void failed(String phase, String why) {
        failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
        failuresByPhase.computeIfAbsent(phase, k -> new AtomicLong()).incrementAndGet();
    }

    public long failures(String phase) {
        AtomicLong count = failuresByPhase.get(phase);
        return count == null ? 0 : count.get();
    }

    public void event(String orderId, EventType type, String eventId, long nanos, String reason) {
        TrackedOrder order = orders.computeIfAbsent(orderId, TrackedOrder::new);
        if (order.event(type, eventId, nanos, reason)) {
            terminalReached(nanos);
        }
    }

    private void terminalReached(long nanos) {
        terminal.incrementAndGet();
        synchronized (terminalTimes) {
            terminalTimes.add(nanos);
        }
    }

    /** Accepted orders with no terminal event yet. */
    public long outstanding() {
        return accepted.get() - terminal.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long terminalCount() {
        return terminal.get();
    }

    public List<TrackedOrder> accepted() {
        synchronized (acceptedInOrder) {
            return List.copyOf(acceptedInOrder);
        }
    }

    public List<Long> terminalTimes() {
        synchronized (terminalTimes) {
            return new ArrayList<>(terminalTimes);
        }
    }

    public Map<String, Long> failures() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Follow-up work still due after the terminal events: a capture per confirmation, an email per outcome. */
    public long pendingFollowUps() {
        long pending = 0;
        for (TrackedOrder order : accepted()) {
            if (order.terminal() == null) {
                continue;
            }
            if (order.notificationsSent() == 0) {
                pending++;
            }
            if (TrackedOrder.CONFIRMED.equals(order.terminal()) && order.captured() == 0) {
                pending++;
            }
            if (TrackedOrder.REJECTED.equals(order.terminal()) && order.authorized() > 0 && order.voided() == 0) {
                pending++;
            }
        }
        return pending;
    }
}
