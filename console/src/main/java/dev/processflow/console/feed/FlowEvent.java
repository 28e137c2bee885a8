package dev.processflow.console.feed;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.image.ImageFailed;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import java.util.Optional;
import java.util.UUID;

/** An event the console saw on its owner's topic, from its owner. */
public record FlowEvent(CloudEvent<?> event) {

    public EventType type() {
        return event.type();
    }

    public Object data() {
        return event.data();
    }

    /** The order this event is about, for every order, payment, inventory and notification event. */
    public Optional<UUID> orderId() {
        Object data = event.data();
        UUID id = null;
        if (data instanceof OrderPlaced e) {
            id = e.orderId();
        } else if (data instanceof OrderConfirmed e) {
            id = e.orderId();
        } else if (data instanceof OrderRejected e) {
            id = e.orderId();
        } else if (data instanceof PaymentAuthorized e) {
            id = e.orderId();
        } else if (data instanceof PaymentDeclined e) {
            id = e.orderId();
        } else if (data instanceof PaymentCaptured e) {
            id = e.orderId();
        } else if (data instanceof PaymentVoided e) {
            id = e.orderId();
        } else if (data instanceof InventoryReserved e) {
            id = e.orderId();
        } else if (data instanceof InventoryRejected e) {
            id = e.orderId();
        } else if (data instanceof InventoryCommitted e) {
            id = e.orderId();
        } else if (data instanceof InventoryReleased e) {
            id = e.orderId();
        } else if (data instanceof NotificationSent e) {
            id = e.orderId();
        }
        return Optional.ofNullable(id);
    }

    /** The customer an order event names: the order's owner. Only {@code order.*} events carry it. */
    public Optional<Customer> customer() {
        Object data = event.data();
        if (data instanceof OrderPlaced e) {
            return Optional.of(e.customer());
        } else if (data instanceof OrderConfirmed e) {
            return Optional.of(e.customer());
        } else if (data instanceof OrderRejected e) {
            return Optional.of(e.customer());
        }
        return Optional.empty();
    }

    public Optional<UUID> imageId() {
        Object data = event.data();
        if (data instanceof ImageUploaded e) {
            return Optional.of(e.imageId());
        } else if (data instanceof ImageResized e) {
            return Optional.of(e.imageId());
        } else if (data instanceof ImageFailed e) {
            return Optional.of(e.imageId());
        }
        return Optional.empty();
    }
}
