package dev.processflow.platform.eventing;

import dev.processflow.events.Money;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.image.ImageFailed;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.image.Variant;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Event data is bound by Jackson through reflection; a native image needs every record registered. */
@RegisterForReflection(targets = {
    Money.class, Customer.class, OrderLine.class, OrderPlaced.class, OrderConfirmed.class, OrderRejected.class,
    PaymentAuthorized.class, PaymentDeclined.class, PaymentCaptured.class, PaymentVoided.class,
    StockLine.class, UnavailableLine.class, InventoryReserved.class, InventoryRejected.class,
    InventoryCommitted.class, InventoryReleased.class, ProductUpserted.class, NotificationSent.class,
    ImageUploaded.class, Variant.class, ImageResized.class, ImageFailed.class
})
final class EventReflection {

    private EventReflection() {
    }
}
