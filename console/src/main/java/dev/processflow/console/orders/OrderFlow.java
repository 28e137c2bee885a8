package dev.processflow.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One order's flow as a graph: placed, then payment and inventory in parallel, their join (the decision), then either
 * capture, commit and the confirmation e-mail, or the compensation: void, release and the rejection e-mail. Each step
 * has a state, the time it happened and how long it took from the step it waited for.
 */
public record OrderFlow(UUID id, String status, String rejectionReason, String rejectionDetail, String customerName,
        JsonNode items, JsonNode total, Instant createdAt, String traceId, String traceUrl, List<Step> steps,
        List<TimelineStep> timeline) {

    /** What became of a step. */
    public enum State {
        /** It happened as hoped. */
        DONE,
        /** It happened and said no: a decline, missing stock, a rejection. */
        FAILED,
        /** Not yet. */
        WAITING,
        /** Nothing to undo: the step it would compensate never took effect. */
        NOT_NEEDED
    }

    /**
     * One node of the graph. {@code column} and {@code lane} place it: column 0 placed, 1 the parallel outcomes, 2 the
     * join, 3 what follows the decision; {@code after} names the steps it waited for (the graph's edges).
     */
    public record Step(String key, String label, int column, int lane, State state, Instant at, Long durationMillis,
            String detail, String eventType, List<String> after) {
    }

    public static OrderFlow of(OrderState order, Optional<String> traceUrlTemplate) {
        List<Step> steps = new ArrayList<>();
        Step placed = find(order, "order.placed")
                .map(found -> step("placed", "Placed", 0, 1, found, null, List.of(), State.DONE))
                .orElse(new Step("placed", "Placed", 0, 1, State.DONE, order.createdAt(), null, null, null, List.of()));
        steps.add(placed);
        Step payment = outcome("payment", "Payment", 0, order, "payment.authorized", "payment.declined", placed);
        Step inventory = outcome("inventory", "Inventory", 2, order, "inventory.reserved", "inventory.rejected", placed);
        steps.add(payment);
        steps.add(inventory);
        Step join = join(order, payment, inventory);
        steps.add(join);
        if ("REJECTED".equals(order.status())) {
            steps.add(compensation("void", "Void", 0, order, "payment.voided", payment, join));
            steps.add(compensation("release", "Release", 2, order, "inventory.released", inventory, join));
            steps.add(step("email", "Rejection e-mail", 3, 1, order, "notification.sent", join, List.of("join"), State.WAITING));
        } else {
            steps.add(step("capture", "Capture", 3, 0, order, "payment.captured", join, List.of("join"), State.WAITING));
            steps.add(step("commit", "Commit", 3, 2, order, "inventory.committed", join, List.of("join"), State.WAITING));
            steps.add(step("email", "Confirmation e-mail", 3, 1, order, "notification.sent", join, List.of("join"), State.WAITING));
        }
        String traceUrl = order.traceId() == null ? null
                : traceUrlTemplate.map(template -> template.replace("{traceId}", order.traceId())).orElse(null);
        return new OrderFlow(order.id(), order.status(), order.rejectionReason(), order.rejectionDetail(),
                order.customer() == null ? null : order.customer().path("name").asText(null), order.items(),
                order.total(), order.createdAt(), order.traceId(), traceUrl, List.copyOf(steps), order.timeline());
    }

    private static Step outcome(String key, String label, int lane, OrderState order, String success, String failure,
            Step placed) {
        Optional<TimelineStep> failed = find(order, failure);
        if (failed.isPresent()) {
            return step(key, label, 1, lane, failed.get(), placed, List.of("placed"), State.FAILED);
        }
        return step(key, label, 1, lane, order, success, placed, List.of("placed"), State.WAITING);
    }

    private static Step join(OrderState order, Step payment, Step inventory) {
        // The decision waited for whichever outcome came last, or for the deadline when one never came.
        Step waitedFor = payment.at() != null && (inventory.at() == null || payment.at().isAfter(inventory.at()))
                ? payment : inventory;
        Step from = waitedFor.at() == null ? null : waitedFor;
        Optional<TimelineStep> rejected = find(order, "order.rejected");
        if (rejected.isPresent()) {
            Step step = step("join", "Rejected", 2, 1, rejected.get(), from, List.of("payment", "inventory"), State.FAILED);
            return new Step(step.key(), step.label(), step.column(), step.lane(), step.state(), step.at(),
                    step.durationMillis(), order.rejectionReason() == null ? step.detail()
                            : order.rejectionReason() + (order.rejectionDetail() == null ? "" : ": " + order.rejectionDetail()),
                    step.eventType(), step.after());
        }
        Step confirmed = step("join", "Confirmed", 2, 1, order, "order.confirmed", from, List.of("payment", "inventory"),
                State.WAITING);
        return confirmed.state() == State.WAITING
                ? new Step("join", "Join", 2, 1, State.WAITING, null, null, null, null, confirmed.after()) : confirmed;
    }

    /** Undo of {@code undone}: needed only if it took effect; a failed or missing outcome leaves nothing to undo. */
    private static Step compensation(String key, String label, int lane, OrderState order, String eventType, Step undone,
            Step join) {
        Step step = step(key, label, 3, lane, order, eventType, join, List.of("join"), State.WAITING);
        if (step.state() == State.WAITING && undone.state() == State.FAILED) {
            return new Step(key, label, 3, lane, State.NOT_NEEDED, null, null,
                    "nothing to undo: " + undone.label().toLowerCase() + " failed", null, step.after());
        }
        return step;
    }

    private static Step step(String key, String label, int column, int lane, OrderState order, String eventType,
            Step from, List<String> after, State missing) {
        return find(order, eventType).map(found -> step(key, label, column, lane, found, from, after, State.DONE))
                .orElse(new Step(key, label, column, lane, missing, null, null, null, null, after));
    }

    private static Step step(String key, String label, int column, int lane, TimelineStep found, Step from,
            List<String> after, State state) {
        Long duration = from == null || from.at() == null || found.at() == null ? null
                : Math.max(0, Duration.between(from.at(), found.at()).toMillis());
        return new Step(key, label, column, lane, state, found.at(), duration, found.detail(), found.type(), after);
    }

    private static Optional<TimelineStep> find(OrderState order, String shortType) {
        String type = "processflow." + shortType;
        return order.timeline().stream().filter(step -> step.type().equals(type)).findFirst();
    }
}
