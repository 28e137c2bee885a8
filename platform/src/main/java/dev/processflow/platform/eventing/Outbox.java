package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;

/**
 * Emits events atomically with the caller's database change: the event is a row in the caller's transaction, and
 * the {@link OutboxRelay} publishes it to Kafka once that transaction commits. Rolled back, it never leaves.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final EventCodec codec;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(EntityManager entityManager, EventCodec codec, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.entityManager = entityManager;
        this.codec = codec;
        this.transactions = transactions;
        this.relay = relay;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void emit(CloudEvent<?> event) {
        entityManager.createNativeQuery("""
                INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject, event_time, payload)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, event.id())
                .setParameter(2, event.topic())
                .setParameter(3, event.subject())
                .setParameter(4, event.type().typeName())
                .setParameter(5, event.source())
                .setParameter(6, event.subject())
                .setParameter(7, Timestamp.from(event.time()))
                .setParameter(8, codec.encodeData(event.data()))
                .executeUpdate();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
