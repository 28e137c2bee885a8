package dev.processflow.console.upstream;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/** The services whose public APIs the console calls. */
public enum Service {
    ORDER("order-service", ServiceEndpoints::orderUrl),
    PAYMENT("payment-service", ServiceEndpoints::paymentUrl),
    INVENTORY("inventory-service", ServiceEndpoints::inventoryUrl),
    NOTIFICATION("notification-service", ServiceEndpoints::notificationUrl),
    IMAGE("image-service", ServiceEndpoints::imageUrl);

    private final String serviceName;
    private final Function<ServiceEndpoints, URI> url;

    Service(String serviceName, Function<ServiceEndpoints, URI> url) {
        this.serviceName = serviceName;
        this.url = url;
    }

    public String serviceName() {
        return serviceName;
    }

    public URI url(ServiceEndpoints endpoints) {
        return url.apply(endpoints);
    }

    public static Optional<Service> named(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name)).findFirst();
    }
}
