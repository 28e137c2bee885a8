package dev.processflow.payment.intent;

import static dev.processflow.platform.persistence.SqlTimes.instant;
import static dev.processflow.platform.persistence.SqlTimes.utc;

import dev.processflow.events.Money;
import dev.processflow.payment.Payment;
import dev.processflow.platform.persistence.AfterCommit;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.persistence.TransactionMaps;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens intents in the caller's transaction (claimed, while a call slot is free), locks and writes them back, and
 * claims due ones for the runner; all as fixed statements on the transaction's own connection, since every order's
 * payment passes through them. The intents read here are plain objects, never flushed.
 */
@ApplicationScoped
public class Intents {

    /** Settlements still waiting (open or given up), and when the oldest of them was opened. */
    public record Backlog(long pendingSettlements, Optional<Instant> oldestPendingSettlement) {
    }

    private static final Object OPENED_HERE = Intents.class.getName() + ".openedHere";

    private final TransactionConnection connections;
    private final TransactionSynchronizationRegistry transactions;
    private final IntentSignal signal;
    private final CallSlots slots;

    public Intents(TransactionConnection connections, TransactionSynchronizationRegistry transactions, IntentSignal signal,
            CallSlots slots) {
        this.connections = connections;
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
        PaymentIntent intent = PaymentIntent.open(payment.orderId, action, token, now);
        Optional<Instant> leaseEnd = slots.reserve(now);
        leaseEnd.ifPresent(intent::claimUntil);
        if (!insertUnlessExists(intent)) {
            leaseEnd.ifPresent(unused -> slots.releaseReserved());
            return false;
        }
        openedHere().put(intent.id, intent);
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

    /**
     * The order's intent for this action, locked until the transaction ends. One this transaction opened is the very
     * object it opened, so closing it before the commit also gives back the claim it was opened with.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PaymentIntent> lock(UUID orderId, IntentAction action) {
        String id = PaymentIntent.idOf(orderId, action);
        PaymentIntent opened = openedHere().get(id);
        if (opened != null) {
            return Optional.of(opened);
        }
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, order_id, action, status, attempts, next_attempt_at, outcome_unknown, token, last_error,
                           retry_since, created_at, updated_at, trace_parent, trace_state
                    FROM payment_intent WHERE id = ? FOR NO KEY UPDATE""")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(intent(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Writes what a transition changed; the ids, the action and the creation time never change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(PaymentIntent intent) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE payment_intent SET status = ?, attempts = ?, next_attempt_at = ?, outcome_unknown = ?,
                                              token = ?, last_error = ?, retry_since = ?, updated_at = ?,
                                              trace_parent = ?, trace_state = ?
                    WHERE id = ?""")) {
                update.setString(1, intent.status.name());
                update.setInt(2, intent.attempts);
                update.setObject(3, utc(intent.nextAttemptAt));
                update.setBoolean(4, intent.outcomeUnknown);
                update.setString(5, intent.token);
                update.setString(6, intent.lastError);
                update.setObject(7, utc(intent.retrySince));
                update.setObject(8, utc(intent.updatedAt));
                update.setString(9, intent.traceParent);
                update.setString(10, intent.traceState);
                update.setString(11, intent.id);
                update.executeUpdate();
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reopen(PaymentIntent intent, Instant now) {
        intent.reopen(now);
        save(intent);
        wakeAfterCommit();
    }

    private boolean insertUnlessExists(PaymentIntent intent) {
        return connections.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO payment_intent (id, order_id, action, status, attempts, next_attempt_at, outcome_unknown,
                                                token, retry_since, created_at, updated_at, trace_parent, trace_state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, intent.id);
                insert.setObject(2, intent.orderId);
                insert.setString(3, intent.action.name());
                insert.setString(4, intent.status.name());
                insert.setInt(5, intent.attempts);
                insert.setObject(6, utc(intent.nextAttemptAt));
                insert.setBoolean(7, intent.outcomeUnknown);
                insert.setString(8, intent.token);
                insert.setObject(9, utc(intent.retrySince));
                insert.setObject(10, utc(intent.createdAt));
                insert.setObject(11, utc(intent.updatedAt));
                insert.setString(12, intent.traceParent);
                insert.setString(13, intent.traceState);
                return insert.executeUpdate() == 1;
            }
        });
    }

    /** The intents this transaction opened, by id. */
    private Map<String, PaymentIntent> openedHere() {
        return TransactionMaps.of(transactions, OPENED_HERE);
    }


    private static PaymentIntent intent(ResultSet rows) throws SQLException {
        PaymentIntent intent = new PaymentIntent();
        intent.id = rows.getString(1);
        intent.orderId = rows.getObject(2, UUID.class);
        intent.action = IntentAction.valueOf(rows.getString(3));
        intent.status = IntentStatus.valueOf(rows.getString(4));
        intent.attempts = rows.getInt(5);
        intent.nextAttemptAt = instant(rows, 6);
        intent.outcomeUnknown = rows.getBoolean(7);
        intent.token = rows.getString(8);
        intent.lastError = rows.getString(9);
        intent.retrySince = instant(rows, 10);
        intent.createdAt = instant(rows, 11);
        intent.updatedAt = instant(rows, 12);
        intent.traceParent = rows.getString(13);
        intent.traceState = rows.getString(14);
        return intent;
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
        return connections.apply(connection -> {
            List<ClaimedIntent> claimed = new ArrayList<>();
            // Each kind read in the order of its own index (V17), so a claim stops after the rows it takes however
            // many are due; the rows are then updated by primary key (a join would let the plan scan the table).
            try (PreparedStatement claim = connection.prepareStatement("""
                    WITH authorizations AS (
                        SELECT id, outcome_unknown FROM payment_intent
                        WHERE status = 'OPEN' AND action = 'AUTHORIZE' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED),
                    settlements AS (
                        SELECT id, outcome_unknown FROM payment_intent
                        WHERE status = 'OPEN' AND action <> 'AUTHORIZE' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT greatest(? - (SELECT count(*) FROM authorizations), 0)
                        FOR UPDATE SKIP LOCKED),
                    due AS (SELECT * FROM authorizations UNION ALL SELECT * FROM settlements)
                    UPDATE payment_intent i SET attempts = i.attempts + 1, next_attempt_at = ?, outcome_unknown = TRUE,
                           updated_at = ?
                    WHERE i.id = ANY (ARRAY(SELECT id FROM due))
                    RETURNING i.id, i.order_id, i.action, i.attempts,
                              (SELECT d.outcome_unknown FROM due d WHERE d.id = i.id), i.token, i.retry_since,
                              i.trace_parent, i.trace_state""")) {
                claim.setTimestamp(1, Timestamp.from(now));
                claim.setInt(2, limit);
                claim.setTimestamp(3, Timestamp.from(now));
                claim.setInt(4, limit);
                claim.setTimestamp(5, Timestamp.from(now.plus(lease)));
                claim.setTimestamp(6, Timestamp.from(now));
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
        return connections.apply(connection -> {
            // per kind, so each count reads its own index of due intents (V17)
            try (PreparedStatement count = connection.prepareStatement("""
                    SELECT (SELECT count(*) FROM payment_intent
                            WHERE status = 'OPEN' AND action = 'AUTHORIZE' AND next_attempt_at <= ?)
                         + (SELECT count(*) FROM payment_intent
                            WHERE status = 'OPEN' AND action <> 'AUTHORIZE' AND next_attempt_at <= ?)""")) {
                count.setTimestamp(1, Timestamp.from(now));
                count.setTimestamp(2, Timestamp.from(now));
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
        return connections.apply(connection -> {
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
