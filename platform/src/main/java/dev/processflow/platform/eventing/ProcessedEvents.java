package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The dedupe log: a consumed event's id, recorded in the same transaction as its effect. */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;

    public ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** True the first time this event id is seen in a committed transaction; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(CloudEvent<?> event) {
        return entityManager.createNativeQuery(
                "INSERT INTO processed_event (event_id, type) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, event.id())
                .setParameter(2, event.type().typeName())
                .executeUpdate() == 1;
    }

    /** True if this event id is already recorded; for functions that must decide before long work outside a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean seen(CloudEvent<?> event) {
        return !entityManager.createNativeQuery("SELECT 1 FROM processed_event WHERE event_id = ?1")
                .setParameter(1, event.id())
                .getResultList()
                .isEmpty();
    }
}
