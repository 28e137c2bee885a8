package dev.processflow.bench.orders;

import dev.processflow.events.EventType;
import java.util.HashSet;
import java.util.Set;

/**
 * Everything the benchmark saw of one order: when it was meant to be sent, sent and accepted, and every event about
 * it. Events may arrive before the POST's answer is processed, so either side may create the entry.
 */
public final class TrackedOrder {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String REJECTED = "REJECTED";

    private final String id;
    private final Set<String> eventIds = new HashSet<>();
    private OrderSpec spec;
    private String phase;
    private long intendedNanos;
    private long sentNanos;
    private long acceptedNanos;
    private boolean accepted;
    private String terminal;
    private String reason;
    private long terminalNanos = -1;
    private int terminalEvents;
    private int redeliveries;
    private int authorized;
    private int declined;
    private int captured;
    private int voided;
    private int notificationsSent;

    TrackedOrder(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Records the 202; true if the order's terminal event had already been seen. */
    synchronized boolean accept(OrderSpec spec, String phase, long intendedNanos, long sentNanos, long acceptedNanos) {
        this.spec = spec;
        this.phase = phase;
        this.intendedNanos = intendedNanos;
        this.sentNanos = sentNanos;
        this.acceptedNanos = acceptedNanos;
        this.accepted = true;
        return terminal != null;
    }

    /** Records an event; true if it is the first terminal event of an order already accepted. */
    synchronized boolean event(EventType type, String eventId, long nanos, String rejectionReason) {
        if (!eventIds.add(eventId)) {
            redeliveries++;
            return false;
        }
        switch (type) {
            case ORDER_CONFIRMED, ORDER_REJECTED -> {
                terminalEvents++;
                if (terminal == null) {
                    terminal = type == EventType.ORDER_CONFIRMED ? CONFIRMED : REJECTED;
                    reason = rejectionReason;
                    terminalNanos = nanos;
                    return accepted;
                }
            }
            case PAYMENT_AUTHORIZED -> authorized++;
            case PAYMENT_DECLINED -> declined++;
            case PAYMENT_CAPTURED -> captured++;
            case PAYMENT_VOIDED -> voided++;
            case NOTIFICATION_SENT -> notificationsSent++;
            default -> { }
        }
        return false;
    }

    public synchronized OrderSpec spec() {
        return spec;
    }

    public synchronized String phase() {
        return phase;
    }

    public synchronized boolean accepted() {
        return accepted;
    }

    public synchronized long intendedNanos() {
        return intendedNanos;
    }

    public synchronized long sentNanos() {
        return sentNanos;
    }

    public synchronized long acceptedNanos() {
        return acceptedNanos;
    }

    public synchronized String terminal() {
        return terminal;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized long terminalNanos() {
        return terminalNanos;
    }

    public synchronized int terminalEvents() {
        return terminalEvents;
    }

    public synchronized int redeliveries() {
        return redeliveries;
    }

    public synchronized int authorized() {
        return authorized;
    }

    public synchronized int declined() {
        return declined;
    }

    public synchronized int captured() {
        return captured;
    }

    public synchronized int voided() {
        return voided;
    }

    public synchronized int notificationsSent() {
        return notificationsSent;
    }
}
