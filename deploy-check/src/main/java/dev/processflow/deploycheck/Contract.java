package dev.processflow.deploycheck;

import dev.processflow.events.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the product design fixes about each service, independent of any file in the repository: its name, its port
 * on the local stack and the CloudEvents it consumes. Deployment files are checked against this and against the
 * services' own configuration.
 */
public final class Contract {

    /** CloudEvents type of a Knative PingSource tick: order-service sweeps overdue sagas on it. */
    public static final String PING = "dev.knative.sources.ping";

    /** The profile that turns the pull consumers off so a pod can scale to zero. */
    public static final String KNATIVE_PROFILE = "knative";

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("order-service", 8080, EnumSet.of(
                    EventType.PAYMENT_AUTHORIZED, EventType.PAYMENT_DECLINED, EventType.PAYMENT_CAPTURED,
                    EventType.PAYMENT_VOIDED, EventType.INVENTORY_RESERVED, EventType.INVENTORY_REJECTED,
                    EventType.INVENTORY_COMMITTED, EventType.INVENTORY_RELEASED, EventType.NOTIFICATION_SENT,
                    EventType.CATALOG_PRODUCT_UPSERTED), Set.of(PING)),
            new ServiceSpec("payment-service", 8081, orderOutcomes(), Set.of()),
            new ServiceSpec("inventory-service", 8082, orderOutcomes(), Set.of()),
            new ServiceSpec("notification-service", 8083, orderOutcomes(), Set.of()),
            new ServiceSpec("image-service", 8084, EnumSet.of(EventType.IMAGE_UPLOADED), Set.of()));

    private Contract() {
    }

    private static Set<EventType> orderOutcomes() {
        return EnumSet.of(EventType.ORDER_PLACED, EventType.ORDER_CONFIRMED, EventType.ORDER_REJECTED);
    }

    /**
     * @param consumes event types the service's functions handle
     * @param triggers other CloudEvents types pushed to it (not carried on a processflow topic)
     */
    public record ServiceSpec(String name, int port, Set<EventType> consumes, Set<String> triggers) {
        public ServiceSpec {
            consumes = Set.copyOf(consumes);
            triggers = Set.copyOf(triggers);
        }
    }
}
