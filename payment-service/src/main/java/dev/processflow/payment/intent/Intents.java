package dev.processflow.payment.intent;

import dev.processflow.events.Money;
import dev.processflow.payment.Payment;
import dev.processflow.platform.persistence.AfterCommit;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Opens intents in the caller's transaction (claimed, while a call slot is free) and claims due ones for the runner. */
@ApplicationScoped
public class Intents {

    /** Settlements still waiting (open or given up), and when the oldest of them was opened. */
    public record Backlog(long pendingSettlements, Optional<Instant> oldestPendingSettlement) {
    }

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final IntentSignal signal;
    private final CallSlots slots;

    public Intents(EntityManager entityManager, TransactionSynchronizationRegistry transactions, IntentSignal signal,
            CallSlots slots) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.signal = signal;
        this.slots = slots;
    }

    /**
     * Opens the payment's intent for this action unless it exists (it is one per order and action, whoever asks
     * again). While a call slot is free the intent is opened claimed, and its call starts as soon as the transaction
     * commits; otherwise the runner is woken to claim it then. The caller holds the payment's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean open(Payment payment, IntentAction action, String token, Instant now) {
        if (PaymentIntent.findById(PaymentIntent.idOf(payment.orderId, action)) != null) {
            return false;
        }
        PaymentIntent intent = PaymentIntent.open(payment.orderId, action, token, now);
        Optional<Instant> leaseEnd = slots.reserve(now);
        leaseEnd.ifPresent(intent::claimUntil);
        intent.persist();
        if (leaseEnd.isEmpty()) {
            wakeAfterCommit();
            return true;
        }
        ClaimedIntent claimed = new ClaimedIntent(intent.id, payment.orderId, action, intent.attempts, false, token,
                new Money(payment.amount, payment.currency), payment.gatewayReference, intent.retrySince,
                TraceContext.parse(intent.traceParent, intent.traceState));
        AfterCommit.runOrElse(transactions, () -> {
            // closed again in its own transaction (an order rejected in the same poll): nothing to call
            if (intent.status == IntentStatus.OPEN) {
                slots.startReserved(claimed);
            } else {
                slots.releaseReserved();
            }
        }, slots::releaseReserved);
        return true;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PaymentIntent> lock(UUID orderId, IntentAction action) {
        return PaymentIntent.findByIdOptional(PaymentIntent.idOf(orderId, action), LockModeType.PESSIMISTIC_WRITE);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reopen(PaymentIntent intent, Instant now) {
        intent.reopen(now);
        wakeAfterCommit();
    }

    private void wakeAfterCommit() {
        AfterCommit.run(transactions, signal::wakeUp);
    }

    /**
     * Claims up to {@code limit} due intents, authorizations first (they race the saga timeout; settlements can
     * wait): each gets its attempt counted, its outcome marked unknown until recorded, and a lease (its next attempt
     * time) after which it is due again should this process die mid-call. SKIP LOCKED: replicas and a concurrent
     * event on the same order never wait here, and no two claims take the same intent.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ClaimedIntent> claimDue(Instant now, int limit, Duration lease) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<ClaimedIntent> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    UPDATE payment_intent i SET attempts = i.attempts + 1, next_attempt_at = ?, outcome_unknown = TRUE,
                           updated_at = ?
                    FROM (SELECT id, outcome_unknown FROM payment_intent WHERE status = 'OPEN' AND next_attempt_at <= ?
                          ORDER BY (action = 'AUTHORIZE') DESC, next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                    WHERE i.id = due.id
                    RETURNING i.id, i.order_id, i.action, i.attempts, due.outcome_unknown, i.token, i.retry_since,
                              i.trace_parent, i.trace_state""")) {
                claim.setTimestamp(1, Timestamp.from(now.plus(lease)));
                claim.setTimestamp(2, Timestamp.from(now));
                claim.setTimestamp(3, Timestamp.from(now));
                claim.setInt(4, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new ClaimedIntent(rows.getString(1), rows.getObject(2, UUID.class),
                                IntentAction.valueOf(rows.getString(3)), rows.getInt(4), rows.getBoolean(5),
                                rows.getString(6), null, null, rows.getTimestamp(7).toInstant(),
                                TraceContext.parse(rows.getString(8), rows.getString(9))));
                    }
                }
            }
            if (claimed.isEmpty()) {
                return claimed;
            }
            Map<UUID, Object[]> payments = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT order_id, amount, currency, gateway_reference FROM payment WHERE order_id = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("uuid", claimed.stream().map(ClaimedIntent::orderId).toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        payments.put(rows.getObject(1, UUID.class),
                                new Object[] {rows.getObject(2, Long.class), rows.getString(3), rows.getString(4)});
                    }
                }
            }
            return claimed.stream().map(c -> {
                Object[] payment = payments.get(c.orderId());
                return new ClaimedIntent(c.key(), c.orderId(), c.action(), c.attempt(), c.inDoubtBefore(), c.token(),
                        new Money((Long) payment[0], (String) payment[1]), (String) payment[2], c.retrySince(),
                        c.trace());
            }).toList();
        });
    }

    @Transactional
    public long countDue(Instant now) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM payment_intent WHERE status = 'OPEN' AND next_attempt_at <= ?")) {
                count.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /**
     * Settlements still waiting (open or given up) and the oldest one's creation time. {@code authorizationBudget}:
     * an authorization that used up its attempts without a definitive answer counts too, as it may hold money until
     * the provider answers.
     */
    @Transactional
    public Backlog backlog(int authorizationBudget) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement pending = connection.prepareStatement("""
                    SELECT count(*), min(created_at) FROM payment_intent WHERE status IN ('OPEN', 'GAVE_UP')
                    AND (action <> 'AUTHORIZE' OR attempts >= ?)""")) {
                pending.setInt(1, authorizationBudget);
                try (ResultSet rows = pending.executeQuery()) {
                    rows.next();
                    Timestamp oldest = rows.getTimestamp(2);
                    return new Backlog(rows.getLong(1), Optional.ofNullable(oldest).map(Timestamp::toInstant));
                }
            }
        });
    }
}
