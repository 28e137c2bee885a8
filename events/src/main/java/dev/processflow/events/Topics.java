package dev.processflow.events;

import java.util.List;
import java.util.Map;

/**
 * One topic per producing aggregate, written by exactly one service (its owner); each consumer group dead-letters to
 * {@code <topic>.dlq}.
 */
public final class Topics {

    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
    public static final String INVENTORY = "inventory";
    public static final String CATALOG = "catalog";
    public static final String NOTIFICATIONS = "notifications";
    public static final String IMAGES = "images";

    public static final List<String> ALL = List.of(ORDERS, PAYMENTS, INVENTORY, CATALOG, NOTIFICATIONS, IMAGES);

    private static final Map<String, String> OWNERS = Map.of(
            ORDERS, Sources.ORDER_SERVICE,
            PAYMENTS, Sources.PAYMENT_SERVICE,
            INVENTORY, Sources.INVENTORY_SERVICE,
            CATALOG, Sources.INVENTORY_SERVICE,
            NOTIFICATIONS, Sources.NOTIFICATION_SERVICE,
            IMAGES, Sources.IMAGE_SERVICE);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /**
     * The CloudEvents {@code source} of the one service that publishes on {@code topic}: only it may write there, and
     * an event on it from any other source is forged.
     */
    public static String owner(String topic) {
        String owner = OWNERS.get(topic);
        if (owner == null) {
            throw new IllegalArgumentException("no topic " + topic + "; topics: " + ALL);
        }
        return owner;
    }
}
