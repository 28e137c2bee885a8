package dev.processflow.events;

import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.image.ImageFailed;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the product: its CloudEvents {@code type}, the topic it travels on and its data record. */
public enum EventType {
    ORDER_PLACED("order.placed", Topics.ORDERS, OrderPlaced.class),
    ORDER_CONFIRMED("order.confirmed", Topics.ORDERS, OrderConfirmed.class),
    ORDER_REJECTED("order.rejected", Topics.ORDERS, OrderRejected.class),
    PAYMENT_AUTHORIZED("payment.authorized", Topics.PAYMENTS, PaymentAuthorized.class),
    PAYMENT_DECLINED("payment.declined", Topics.PAYMENTS, PaymentDeclined.class),
    PAYMENT_CAPTURED("payment.captured", Topics.PAYMENTS, PaymentCaptured.class),
    PAYMENT_VOIDED("payment.voided", Topics.PAYMENTS, PaymentVoided.class),
    INVENTORY_RESERVED("inventory.reserved", Topics.INVENTORY, InventoryReserved.class),
    INVENTORY_REJECTED("inventory.rejected", Topics.INVENTORY, InventoryRejected.class),
    INVENTORY_COMMITTED("inventory.committed", Topics.INVENTORY, InventoryCommitted.class),
    INVENTORY_RELEASED("inventory.released", Topics.INVENTORY, InventoryReleased.class),
    CATALOG_PRODUCT_UPSERTED("catalog.product-upserted", Topics.CATALOG, ProductUpserted.class),
    NOTIFICATION_SENT("notification.sent", Topics.NOTIFICATIONS, NotificationSent.class),
    IMAGE_UPLOADED("image.uploaded", Topics.IMAGES, ImageUploaded.class),
    IMAGE_RESIZED("image.resized", Topics.IMAGES, ImageResized.class),
    IMAGE_FAILED("image.failed", Topics.IMAGES, ImageFailed.class);

    public static final String PREFIX = "processflow.";

    private static final Map<String, EventType> BY_TYPE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final String topic;
    private final Class<?> dataType;

    EventType(String shortName, String topic, Class<?> dataType) {
        this.typeName = PREFIX + shortName;
        this.topic = topic;
        this.dataType = dataType;
    }

    /** The CloudEvents {@code type}, e.g. {@code processflow.order.placed}. */
    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    public Class<?> dataType() {
        return dataType;
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Optional.ofNullable(typeName).map(BY_TYPE_NAME::get);
    }
}
