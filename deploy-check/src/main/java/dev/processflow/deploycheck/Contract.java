package dev.processflow.deploycheck;

import dev.processflow.events.EventType;
import dev.processflow.events.Topics;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the product design fixes about each service, independent of any file in the repository: its name, its port
 * on the local stack and the CloudEvents it consumes. Deployment files are checked against this and against the
 * services' own configuration.
 */
public final class Contract {

    /** The profile that turns the pull consumers off so a pod can scale to zero. */
    public static final String KNATIVE_PROFILE = "knative";

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("order-service", 8080, Set.of(Topics.ORDERS), EnumSet.of(
                    EventType.PAYMENT_AUTHORIZED, EventType.PAYMENT_DECLINED, EventType.PAYMENT_CAPTURED,
                    EventType.PAYMENT_VOIDED, EventType.INVENTORY_RESERVED, EventType.INVENTORY_REJECTED,
                    EventType.INVENTORY_COMMITTED, EventType.INVENTORY_RELEASED, EventType.NOTIFICATION_SENT,
                    EventType.CATALOG_PRODUCT_UPSERTED)),
            new ServiceSpec("payment-service", 8081, Set.of(Topics.PAYMENTS), orderOutcomes()),
            new ServiceSpec("inventory-service", 8082, Set.of(Topics.INVENTORY, Topics.CATALOG), orderOutcomes()),
            new ServiceSpec("notification-service", 8083, Set.of(Topics.NOTIFICATIONS), orderOutcomes()),
            new ServiceSpec("image-service", 8084, Set.of(Topics.IMAGES), EnumSet.of(EventType.IMAGE_UPLOADED)));

    private Contract() {
    }

    private static Set<EventType> orderOutcomes() {
        return EnumSet.of(EventType.ORDER_PLACED, EventType.ORDER_CONFIRMED, EventType.ORDER_REJECTED);
    }

    /**
     * @param owns the topics of the aggregates it owns, the only ones it may write besides its dead-letter topics
     * @param consumes event types the service's functions handle
     */
    public record ServiceSpec(String name, int port, Set<String> owns, Set<EventType> consumes) {
        public ServiceSpec {
            owns = Set.copyOf(owns);
            consumes = Set.copyOf(consumes);
        }
    }
}
