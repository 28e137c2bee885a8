package dev.processflow.payment.reconciliation;

import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.PaymentRows;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.intent.IntentAction;
import dev.processflow.payment.intent.IntentStatus;
import dev.processflow.payment.intent.Intents;
import dev.processflow.payment.intent.PaymentIntent;
import dev.processflow.payment.settlement.Settlements;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings payments in line with their order's decision, as payment-service learned it from order events: an
 * AUTHORIZED payment of a CONFIRMED order gets its capture, of a REJECTED order its void, whether the intent was
 * never opened or was given up after the provider stayed away for the whole retry window; a given-up authorization
 * of unknown outcome is asked again. Authorized payments still undecided after {@code undecided-after} are counted:
 * their decision never arrived here. Each run is a history entry, a metric, and a note on every payment it touched.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    private static final int MAX_REPAIRS_PER_RUN = 1000;

    private final EntityManager entityManager;
    private final PaymentRows payments;
    private final Intents intents;
    private final Settlements settlements;
    private final PaymentRecorder recorder;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Duration undecidedAfter;

    public Reconciliation(EntityManager entityManager, PaymentRows payments, Intents intents, Settlements settlements,
            PaymentRecorder recorder, MeterRegistry registry,
            @ConfigProperty(name = "processflow.payment.reconciliation.interval") Duration interval,
            @ConfigProperty(name = "processflow.payment.reconciliation.undecided-after") Duration undecidedAfter) {
        this.entityManager = entityManager;
        this.payments = payments;
        this.intents = intents;
        this.settlements = settlements;
        this.recorder = recorder;
        this.registry = registry;
        this.interval = interval;
        this.undecidedAfter = undecidedAfter;
    }

    /** Runs unless one ran within the interval; for periodic triggers that may fire more often (PingSource ticks). */
    @Transactional
    public Optional<ReconciliationRun> runIfDue(ReconciliationTrigger trigger) {
        Instant now = Timestamps.now();
        if (ReconciliationRun.lastStart().filter(last -> last.plus(interval).isAfter(now)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(run(trigger));
    }

    @Transactional
    public ReconciliationRun run(ReconciliationTrigger trigger) {
        ReconciliationRun run = new ReconciliationRun();
        run.trigger = trigger;
        run.startedAt = Timestamps.now();
        for (UUID orderId : outOfLine()) {
            Payment payment = payments.lock(orderId);
            run.examined++;
            repair(payment, run);
        }
        run.undecided = undecided(run.startedAt.minus(undecidedAfter));
        run.finishedAt = Timestamps.now();
        run.persist();
        registry.counter("processflow.payment.reconciliations", "trigger", trigger.name().toLowerCase()).increment();
        if (run.captures + run.voids + run.authorizations > 0 || run.undecided > 0) {
            LOG.warnf("reconciliation (%s) reopened %d captures, %d voids and %d authorizations; %d authorized payments "
                    + "have no decision after %s", trigger, run.captures, run.voids, run.authorizations, run.undecided,
                    undecidedAfter);
        }
        return run;
    }

    private void repair(Payment payment, ReconciliationRun run) {
        Instant now = Timestamps.now();
        for (IntentAction action : IntentAction.values()) {
            Optional<PaymentIntent> intent = intents.lock(payment.orderId, action);
            if (intent.isPresent() && intent.get().status == IntentStatus.GAVE_UP) {
                intents.reopen(intent.get(), now);
                count(run, action);
                note(payment, "reconciliation asks the payment provider again for the given-up " + name(action));
            }
        }
        settlements.openFor(payment, now).ifPresent(action -> {
            count(run, action);
            note(payment, "reconciliation opened the " + name(action) + " that the " + payment.decisionDetail + " needs");
        });
    }

    private void count(ReconciliationRun run, IntentAction action) {
        switch (action) {
            case CAPTURE -> run.captures++;
            case VOID -> run.voids++;
            case AUTHORIZE -> run.authorizations++;
        }
        registry.counter("processflow.payment.reconciliation.repairs", "action", action.name().toLowerCase()).increment();
    }

    private void note(Payment payment, String detail) {
        recorder.noted(payment.orderId, PaymentAction.RECONCILED, payment.status, detail, null);
    }

    private static String name(IntentAction action) {
        return action == IntentAction.AUTHORIZE ? "authorization" : action.name().toLowerCase();
    }

    /**
     * Payments with a given-up intent, and AUTHORIZED payments of a decided order without the capture or void that
     * decision needs (open, done or refused). SKIP LOCKED: a payment being worked on right now is not out of line.
     */
    @SuppressWarnings("unchecked")
    private List<UUID> outOfLine() {
        return entityManager.createNativeQuery("""
                SELECT p.order_id FROM payment p
                WHERE EXISTS (SELECT 1 FROM payment_intent i WHERE i.order_id = p.order_id AND i.status = 'GAVE_UP')
                   OR (p.status = 'AUTHORIZED' AND p.order_decision IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM payment_intent i WHERE i.order_id = p.order_id
                        AND i.action = CASE p.order_decision WHEN 'CONFIRMED' THEN 'CAPTURE' ELSE 'VOID' END
                        AND i.status IN ('OPEN', 'DONE', 'REFUSED')))
                ORDER BY p.order_id LIMIT ?1 FOR UPDATE OF p SKIP LOCKED""", UUID.class)
                .setParameter(1, MAX_REPAIRS_PER_RUN)
                .getResultList();
    }

    private int undecided(Instant authorizedBefore) {
        return ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM payment WHERE status = 'AUTHORIZED' AND order_decision IS NULL AND updated_at < ?1""")
                .setParameter(1, Timestamp.from(authorizedBefore))
                .getSingleResult()).intValue();
    }
}
