package dev.processflow.events;

/** One topic per producing aggregate; each consumer group dead-letters to {@code <topic>.dlq}. */
public final class Topics {

    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
    public static final String INVENTORY = "inventory";
    public static final String CATALOG = "catalog";
    public static final String NOTIFICATIONS = "notifications";
    public static final String IMAGES = "images";

    public static final java.util.List<String> ALL = java.util.List.of(ORDERS, PAYMENTS, INVENTORY, CATALOG, NOTIFICATIONS, IMAGES);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
