package dev.processflow.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.console.feed.FlowEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.order.OrderRejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What the console knows about one order: read once from order-service with the user's token, then brought up to
 * date by the events that follow. An event type the timeline already has is not added twice (each happens at most
 * once per order), so an event that arrives both ways counts once.
 */
public record OrderState(UUID id, String status, String rejectionReason, String rejectionDetail, JsonNode customer,
        JsonNode items, JsonNode total, Instant createdAt, String traceId, List<TimelineStep> timeline) {

    public static OrderState of(JsonNode order) {
        List<TimelineStep> timeline = new ArrayList<>();
        order.path("timeline").forEach(step -> timeline.add(new TimelineStep(step.path("type").asText(),
                text(step, "source"), instant(step, "at"), text(step, "detail"))));
        return new OrderState(UUID.fromString(order.path("id").asText()), order.path("status").asText(),
                text(order, "rejectionReason"), text(order, "rejectionDetail"), order.path("customer"),
                order.path("items"), order.path("total"), instant(order, "createdAt"), text(order, "traceId"),
                sorted(timeline));
    }

    /** This order after {@code event}; itself when the event is not about it or already known. */
    public OrderState apply(FlowEvent event) {
        if (!event.orderId().map(id::equals).orElse(false)
                || timeline.stream().anyMatch(step -> step.type().equals(event.type().typeName()))) {
            return this;
        }
        List<TimelineStep> steps = new ArrayList<>(timeline);
        steps.add(new TimelineStep(event.type().typeName(), event.event().source(), event.event().time(),
                StepDetail.describe(event.data())));
        String newStatus = status;
        String reason = rejectionReason;
        String detail = rejectionDetail;
        if ("PENDING".equals(status) && event.type() == EventType.ORDER_CONFIRMED) {
            newStatus = "CONFIRMED";
        } else if ("PENDING".equals(status) && event.data() instanceof OrderRejected rejected) {
            newStatus = "REJECTED";
            reason = rejected.reason().name();
            detail = rejected.detail();
        }
        return new OrderState(id, newStatus, reason, detail, customer, items, total, createdAt, traceId, sorted(steps));
    }

    private static List<TimelineStep> sorted(List<TimelineStep> steps) {
        return steps.stream().sorted(Comparator.comparing(TimelineStep::at, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
