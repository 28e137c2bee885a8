package dev.processflow.console.orders;

import java.time.Instant;

/** One step an order went through, as order-service's timeline lists it: the event type, who sent it, when, what. */
public record TimelineStep(String type, String source, Instant at, String detail) {
}
