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

/**
 * Every event type of the product: its CloudEvents {@code type}, the topic it travels on, the service that owns it
 * (the only {@code source} it is accepted from) and its data record.
 */
public enum EventType {
    ORDER_PLACED("order.placed", Topics.ORDERS, Sources.ORDER_SERVICE, OrderPlaced.class),
    ORDER_CONFIRMED("order.confirmed", Topics.ORDERS, Sources.ORDER_SERVICE, OrderConfirmed.class),
    ORDER_REJECTED("order.rejected", Topics.ORDERS, Sources.ORDER_SERVICE, OrderRejected.class),
    PAYMENT_AUTHORIZED("payment.authorized", Topics.PAYMENTS, Sources.PAYMENT_SERVICE, PaymentAuthorized.class),
    PAYMENT_DECLINED("payment.declined", Topics.PAYMENTS, Sources.PAYMENT_SERVICE, PaymentDeclined.class),
    PAYMENT_CAPTURED("payment.captured", Topics.PAYMENTS, Sources.PAYMENT_SERVICE, PaymentCaptured.class),
    PAYMENT_VOIDED("payment.voided", Topics.PAYMENTS, Sources.PAYMENT_SERVICE, PaymentVoided.class),
    INVENTORY_RESERVED("inventory.reserved", Topics.INVENTORY, Sources.INVENTORY_SERVICE, InventoryReserved.class),
    INVENTORY_REJECTED("inventory.rejected", Topics.INVENTORY, Sources.INVENTORY_SERVICE, InventoryRejected.class),
    INVENTORY_COMMITTED("inventory.committed", Topics.INVENTORY, Sources.INVENTORY_SERVICE, InventoryCommitted.class),
    INVENTORY_RELEASED("inventory.released", Topics.INVENTORY, Sources.INVENTORY_SERVICE, InventoryReleased.class),
    CATALOG_PRODUCT_UPSERTED("catalog.product-upserted", Topics.CATALOG, Sources.INVENTORY_SERVICE, ProductUpserted.class),
    NOTIFICATION_SENT("notification.sent", Topics.NOTIFICATIONS, Sources.NOTIFICATION_SERVICE, NotificationSent.class),
    IMAGE_UPLOADED("image.uploaded", Topics.IMAGES, Sources.IMAGE_SERVICE, ImageUploaded.class),
    IMAGE_RESIZED("image.resized", Topics.IMAGES, Sources.IMAGE_SERVICE, ImageResized.class),
    IMAGE_FAILED("image.failed", Topics.IMAGES, Sources.IMAGE_SERVICE, ImageFailed.class);

    public static final String PREFIX = "processflow.";

    private static final Map<String, EventType> BY_TYPE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final String topic;
    private final String owner;
    private final Class<?> dataType;

    EventType(String shortName, String topic, String owner, Class<?> dataType) {
        this.typeName = PREFIX + shortName;
        this.topic = topic;
        this.owner = owner;
        this.dataType = dataType;
    }

    /** The CloudEvents {@code type}, e.g. {@code processflow.order.placed}. */
    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code source} of the one service that may emit this type, e.g. {@code /processflow/payment-service}. */
    public String owner() {
        return owner;
    }

    public Class<?> dataType() {
        return dataType;
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Optional.ofNullable(typeName).map(BY_TYPE_NAME::get);
    }
}
