package dev.processflow.events;

/** CloudEvents {@code source} of each producing service. */
public final class Sources {

    public static final String ORDER_SERVICE = "/processflow/order-service";
    public static final String PAYMENT_SERVICE = "/processflow/payment-service";
    public static final String INVENTORY_SERVICE = "/processflow/inventory-service";
    public static final String NOTIFICATION_SERVICE = "/processflow/notification-service";
    public static final String IMAGE_SERVICE = "/processflow/image-service";

    private Sources() {
    }

    /** The service name at the end of a source, e.g. {@code payment-service}. */
    public static String serviceName(String source) {
        int slash = source.lastIndexOf('/');
        return slash < 0 ? source : source.substring(slash + 1);
    }
}
