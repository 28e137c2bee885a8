package dev.processflow.payment.reconciliation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One reconciliation: when and why it ran and what it repaired. */
@Entity
@Table(name = "payment_reconciliation")
public class ReconciliationRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger")
    public ReconciliationTrigger trigger;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Payments found out of line with their order's decision, or with a given-up intent. */
    public int examined;

    /** Captures opened or reopened. */
    public int captures;

    /** Voids opened or reopened. */
    public int voids;

    /** Given-up authorizations of unknown outcome asked again. */
    public int authorizations;

    /** Authorized payments whose order's decision is still unknown here after the configured time. */
    public int undecided;

    public static List<ReconciliationRun> latest(int limit) {
        return find("order by startedAt desc, id desc").page(0, limit).list();
    }

    public static Optional<Instant> lastStart() {
        return find("order by startedAt desc").<ReconciliationRun>firstResultOptional().map(run -> run.startedAt);
    }
}
