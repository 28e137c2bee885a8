package dev.processflow.console.upstream;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/** The services whose public APIs the console calls. */
public enum Service {
    ORDER("order-service", ConsoleConfig::orderUrl),
    PAYMENT("payment-service", ConsoleConfig::paymentUrl),
    INVENTORY("inventory-service", ConsoleConfig::inventoryUrl),
    NOTIFICATION("notification-service", ConsoleConfig::notificationUrl),
    IMAGE("image-service", ConsoleConfig::imageUrl);

    private final String serviceName;
    private final Function<ConsoleConfig, URI> url;

    Service(String serviceName, Function<ConsoleConfig, URI> url) {
        this.serviceName = serviceName;
        this.url = url;
    }

    public String serviceName() {
        return serviceName;
    }

    public URI url(ConsoleConfig endpoints) {
        return url.apply(endpoints);
    }

    public static Optional<Service> named(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name)).findFirst();
    }
}
