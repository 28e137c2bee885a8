package dev.processflow.inventory.reservation;

import dev.processflow.platform.sweep.Sweep;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reservations still HELD long after their order must have been decided. Inventory does not know the decision, and
 * guessing could release the stock of a confirmed order, so it never settles them on its own: order-service announces
 * a decision again when its follow-ups (here, inventory.committed or inventory.released) are missing, and the
 * reservation is committed or released when that announcement arrives. This sweep makes the ones still waiting
 * visible: a gauge, and a warning naming them.
 */
@ApplicationScoped
public class OverdueReservations implements Sweep {

    private static final Logger LOG = Logger.getLogger(OverdueReservations.class);
    private static final int NAMED = 10;

    private final EntityManager entityManager;
    private final Duration heldAfter;
    private final AtomicInteger overdue = new AtomicInteger();

    public OverdueReservations(EntityManager entityManager, MeterRegistry registry,
            @ConfigProperty(name = "processflow.reconciliation.held-after") Duration heldAfter) {
        this.entityManager = entityManager;
        this.heldAfter = heldAfter;
        Gauge.builder("processflow.inventory.reservations.overdue", overdue, AtomicInteger::get)
                .description("reservations HELD longer than processflow.reconciliation.held-after")
                .register(registry);
    }

    @Override
    public String name() {
        return "overdue-reservations";
    }

    /** Counts the overdue reservations; returns how many there are. */
    @Override
    @Transactional
    public int sweep() {
        Timestamp before = Timestamp.from(Instant.now().minus(heldAfter));
        int count = ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM reservation WHERE status = 'HELD' AND created_at < ?1")
                .setParameter(1, before).getSingleResult()).intValue();
        overdue.set(count);
        if (count > 0) {
            @SuppressWarnings("unchecked")
            List<UUID> oldest = entityManager.createNativeQuery("""
                    SELECT order_id FROM reservation WHERE status = 'HELD' AND created_at < ?1
                    ORDER BY created_at LIMIT ?2""", UUID.class)
                    .setParameter(1, before).setParameter(2, NAMED).getResultList();
            LOG.warnf("%d reservations HELD for more than %s, waiting for their order's decision; oldest: %s", count,
                    heldAfter, oldest);
        }
        return count;
    }
}
