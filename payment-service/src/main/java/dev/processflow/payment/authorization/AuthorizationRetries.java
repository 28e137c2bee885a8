package dev.processflow.payment.authorization;

import dev.processflow.payment.Payment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Retries parked authorizations whose time has come. A due row is claimed with SKIP LOCKED and kept locked through
 * its attempt, so replicas share the work without attempting one payment twice, and an order.rejected arriving
 * meanwhile waits and then voids whatever the attempt produced.
 */
@ApplicationScoped
public class AuthorizationRetries {

    private final EntityManager entityManager;
    private final Authorizer authorizer;

    public AuthorizationRetries(EntityManager entityManager, Authorizer authorizer) {
        this.entityManager = entityManager;
        this.authorizer = authorizer;
    }

    /** Attempts one payment due at {@code now}, if any; returns whether there was one. */
    @Transactional
    public boolean retryNextDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery("""
                SELECT order_id FROM payment WHERE status = 'PENDING' AND next_attempt_at <= ?1
                ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, Timestamp.from(now))
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        Payment payment = Payment.findById(due.get(0));
        authorizer.attempt(payment, payment.retryToken, null);
        return true;
    }
}
