package dev.processflow.bench.orders;

import dev.processflow.bench.report.Html;
import dev.processflow.bench.report.Json;
import dev.processflow.bench.report.LineChart;
import dev.processflow.bench.report.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The order benchmark's result as a terminal table, a JSON document and an HTML page with the latency-over-time chart. */
final class OrdersReport {

    private static final int STATEMENT_ROWS = 30;

    private final String runId;
    private final Instant startedAt;
    private final Map<String, Object> machine;
    private final Map<String, Object> settings;
    private final List<StepResult> steps;
    private final List<LoadGenerator.Phase> phases;
    private final Invariants.Report invariants;
    private final Limits limits;
    private final OrderTracker tracker;
    private final List<LoadGenerator.Sample> samples;
    private final boolean settled;
    private final Map<String, Long> failures;
    private final Map<String, Double> idleCores;
    private final StatementProfile.Window statements;
    /** The design floor of the window, when the run asked for it (--floor); else null. */
    private final Floor floor;

    OrdersReport(String runId, Instant startedAt, Map<String, Object> machine, Map<String, Object> settings,
            List<StepResult> steps, List<LoadGenerator.Phase> phases, Invariants.Report invariants, Limits limits,
            OrderTracker tracker, List<LoadGenerator.Sample> samples, boolean settled, Map<String, Long> failures,
            Map<String, Double> idleCores, StatementProfile.Window statements, Floor floor) {
        this.runId = runId;
        this.startedAt = startedAt;
        this.machine = machine;
        this.settings = settings;
        this.steps = steps;
        this.phases = phases;
        this.invariants = invariants;
        this.limits = limits;
        this.tracker = tracker;
        this.samples = samples;
        this.settled = settled;
        this.failures = failures;
        this.idleCores = idleCores;
        this.statements = statements;
        this.floor = floor;
    }

    private String statementHeading() {
        if (statements.unavailable() != null) {
            return "Statements per order: none measured (" + statements.unavailable() + ")";
        }
        Map<String, String> byDatabase = new LinkedHashMap<>();
        statements.statementsPerOrderByDatabase().forEach((db, perOrder) -> byDatabase.put(db, f1(perOrder)));
        return "Statements per order (pg_stat_statements over the measured steps, " + statements.orders()
                + " orders): " + f1(statements.statementsPerOrder()) + " in all " + byDatabase + "; the "
                + STATEMENT_ROWS + " most frequent";
    }

    double highestSustained() {
        return steps.stream().filter(StepResult::sustainable).mapToDouble(StepResult::rate).max().orElse(0);
    }

    Table stepTable() {
        Table table = new Table("step", "offered/s", "completed/s", "accepted", "failed", "p50 ms", "p90 ms", "p99 ms",
                "p99.9 ms", "max ms", "p99 from send ms", "POST p99 ms", "backlog", "verdict");
        for (StepResult s : steps) {
            table.row(s.name(), f1(s.rate()), f1(s.completedPerSecond()), s.accepted(), s.failed(), f0(s.latency().p50()),
                    f0(s.latency().p90()), f0(s.latency().p99()), f0(s.latency().p999()), f0(s.latency().max()),
                    f0(s.fromSend().p99()), f0(s.post().p99()), s.backlogAtEnd(), s.verdict());
        }
        return table;
    }

    /** Cores per component in each step, and the CPU one completed order cost the whole machine. */
    Table cpuTable() {
        java.util.SortedSet<String> components = new java.util.TreeSet<>();
        steps.forEach(s -> components.addAll(s.cpuCores().keySet()));
        if (idleCores != null) {
            components.addAll(idleCores.keySet());
        }
        List<String> headers = new ArrayList<>(List.of("step", "offered/s"));
        headers.addAll(components);
        headers.addAll(List.of("total cores", "CPU ms per completed order"));
        Table table = new Table(headers.toArray(String[]::new));
        if (idleCores != null) {
            List<Object> row = new ArrayList<>(List.of("idle (no load)", "0"));
            components.forEach(c -> row.add(f2(idleCores.getOrDefault(c, 0.0))));
            row.add(f2(idleCores.values().stream().mapToDouble(Double::doubleValue).sum()));
            row.add("");
            table.row(row.toArray());
        }
        for (StepResult s : steps) {
            List<Object> row = new ArrayList<>(List.of(s.name(), f1(s.rate())));
            components.forEach(c -> row.add(f2(s.cpuCores().getOrDefault(c, 0.0))));
            row.add(f2(s.cpuCoresTotal()));
            row.add(f0(s.completedPerSecond() > 0 ? s.cpuCoresTotal() / s.completedPerSecond() * 1000 : Double.NaN));
            table.row(row.toArray());
        }
        return table;
    }

    Table limitTable() {
        Table table = new Table("figure", "value");
        double sustained = highestSustained();
        table.row("highest sustained order rate (open loop, p99 <= limit, no backlog growth)", f1(sustained) + " orders/s");
        if (limits == null) {
            return table;
        }
        table.row("PostgreSQL " + limits.postgresVersion() + " single-row INSERT commits/s, 1 connection",
                f0(limits.commitsPerSecondSingle()));
        table.row("PostgreSQL commits/s at " + limits.concurrency() + " connections (synchronous_commit="
                + limits.synchronousCommit() + ", fsync=" + limits.fsync() + ", as the stack runs it)",
                f0(limits.commitsPerSecond()));
        table.row("write transactions per order, all services (transaction ids used / orders, "
                + limits.measuredOrders() + " orders)", f2(limits.writeTransactionsPerOrder()));
        limits.commitsPerOrderByDatabase().forEach((db, perOrder) ->
                table.row("  commits per order in database " + db + " (incl. read-only: polls, health)", f2(perOrder)));
        table.row("commit-bound limit (commits/s / write transactions per order)",
                f1(limits.commitBoundOrdersPerSecond()) + " orders/s");
        table.row("sustained / commit-bound limit", pct(sustained / limits.commitBoundOrdersPerSecond()));
        table.row("Kafka produce records/s (" + limits.kafka().valueBytes() + " B values, 7 headers, acks=all)",
                f0(limits.kafka().producedPerSecond()));
        table.row("Kafka consume records/s", f0(limits.kafka().consumedPerSecond()));
        table.row("Kafka records per order " + compact(limits.recordsPerOrder()), f2(limits.recordsPerOrderTotal()));
        table.row("Kafka deliveries per order " + compact(limits.deliveriesPerOrder()), f2(limits.deliveriesPerOrderTotal()));
        table.row("Kafka-bound limit", f1(limits.kafkaBoundOrdersPerSecond()) + " orders/s");
        table.row("sustained / Kafka-bound limit", pct(sustained / limits.kafkaBoundOrdersPerSecond()));
        return table;
    }

    Table invariantTable() {
        Invariants.Report r = invariants;
        Table table = new Table("check", "result");
        table.row("accepted orders (all phases, probes included)", r.accepted());
        table.row("confirmed / rejected", r.confirmed() + " / " + r.rejected() + " " + r.rejectedByReason());
        table.row("lost (accepted, no outcome event)", r.lost().size());
        table.row("duplicated (more than one outcome event)", r.duplicated().size());
        table.row("redelivered events (same event id read twice)", r.redeliveredEvents());
        table.row("captures == confirmations", r.confirmedWithoutCapture().isEmpty() && r.capturedWithoutConfirmation().isEmpty()
                && r.multipleCaptures().isEmpty() ? "yes (" + r.captures() + ")"
                : "NO: " + r.confirmedWithoutCapture().size() + " missing, " + r.capturedWithoutConfirmation().size()
                        + " unconfirmed, " + r.multipleCaptures().size() + " multiple");
        table.row("authorizations of rejected orders voided", r.authorizedRejectedNotVoided().isEmpty() ? "yes"
                : "NO: " + r.authorizedRejectedNotVoided().size() + " not voided");
        table.row("one notification.sent per outcome", r.withoutNotificationEvent().isEmpty() && r.multipleNotificationEvents().isEmpty()
                ? "yes" : "NO: " + r.withoutNotificationEvent().size() + " missing, "
                        + r.multipleNotificationEvents().size() + " multiple");
        table.row("one email per outcome (" + r.mailNote() + ")", r.emailsSeen() == null ? "not checked"
                : r.withoutEmail().isEmpty() && r.multipleEmails().isEmpty() ? "yes (" + r.emailsSeen() + " emails)"
                : "NO: " + r.withoutEmail().size() + " missing, " + r.multipleEmails().size() + " multiple");
        long badStock = r.stock().stream().filter(s -> !s.ok()).count();
        Invariants.StockCheck scarce = r.stock().stream().filter(s -> s.sku().endsWith("-FEW")).findFirst().orElse(null);
        table.row("no oversell; stock adds up on every SKU", badStock == 0 ? "yes" + (scarce == null ? ""
                : " (scarce SKU: " + scarce.confirmedQuantity() + " of " + scarce.initialOnHand() + " units sold)")
                : "NO: " + badStock + " SKUs");
        table.row("outcomes the mix did not intend (e.g. TIMEOUT)", r.unexpectedOutcomes().size());
        table.row("failed requests", failures.isEmpty() ? "0" : failures.toString());
        table.row("all follow-ups settled before the check", settled ? "yes" : "NO");
        table.row("VERDICT", r.passed() ? "zero invariant violations" : r.violations().size() + " violated");
        return table;
    }

    void print() {
        System.out.println();
        System.out.println("## Steps (latency: due time -> outcome event read from Kafka)");
        System.out.print(stepTable().markdown());
        System.out.println();
        System.out.println("## CPU by component while each step offered its load (cores; the machine has "
                + machine.get("cores") + ")");
        System.out.print(cpuTable().markdown());
        System.out.println();
        System.out.println("## Limits beside it");
        System.out.print(limitTable().markdown());
        System.out.println();
        System.out.println("## " + statementHeading());
        if (statements.unavailable() == null) {
            System.out.print(statements.table(STATEMENT_ROWS).markdown());
        }
        if (floor != null) {
            System.out.println();
            System.out.println("## Design floor (the window's statements and records without frameworks)");
            System.out.print(floor.table().markdown());
            floor.caveats().forEach(System.out::println);
        }
        System.out.println();
        System.out.println("## Invariants");
        System.out.print(invariantTable().markdown());
        invariants.violations().forEach(v -> System.out.println("VIOLATION: " + v));
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "orders");
        doc.put("runId", runId);
        doc.put("startedAt", startedAt.toString());
        doc.put("machine", machine);
        doc.put("settings", settings);
        doc.put("highestSustainedOrdersPerSecond", highestSustained());
        doc.put("idleCpuCores", idleCores);
        doc.put("steps", steps);
        doc.put("limits", limits == null ? null : limitsDocument());
        doc.put("statements", statements);
        doc.put("floor", floor == null ? null : floorDocument());
        doc.put("invariants", invariants);
        doc.put("failures", failures);
        doc.put("timeline", timeline());
        Json.write(file, doc);
    }

    private Map<String, Object> floorDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("measured", floor);
        doc.put("servicesCpuMsPerOrder", floor.servicesMsPerOrder());
        doc.put("floorCpuMsPerOrder", floor.floorMsPerOrder());
        doc.put("servicesOverFloor", floor.multiple());
        return doc;
    }

    private Map<String, Object> limitsDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("measured", limits);
        doc.put("commitBoundOrdersPerSecond", limits.commitBoundOrdersPerSecond());
        doc.put("kafkaBoundOrdersPerSecond", limits.kafkaBoundOrdersPerSecond());
        doc.put("sustainedFractionOfCommitBound", highestSustained() / limits.commitBoundOrdersPerSecond());
        doc.put("sustainedFractionOfKafkaBound", highestSustained() / limits.kafkaBoundOrdersPerSecond());
        return doc;
    }

    void writeHtml(Path file) throws IOException {
        Map<String, double[]> t = timeline();
        Html html = new Html("processflow orders benchmark, run " + runId);
        html.paragraph("Started " + startedAt + " on " + machine + ". Settings: " + settings + ".");
        html.paragraph("Open-loop arrivals at a constant rate per step; latency runs from the moment an order was due to"
                + " the moment its order.confirmed / order.rejected record was read from Kafka.");
        LineChart latency = new LineChart("End-to-end latency by due second (log scale)", "seconds since the start",
                "latency, ms", true)
                .series("max", t.get("second"), t.get("maxMs"))
                .series("p99", t.get("second"), t.get("p99Ms"))
                .series("p50", t.get("second"), t.get("p50Ms"));
        LineChart rate = new LineChart("Orders per second and backlog", "seconds since the start", "orders", false)
                .series("offered/s", t.get("second"), t.get("offered"))
                .series("completed/s", t.get("second"), t.get("completed"))
                .series("backlog (queued + in the pipeline)", t.get("sampleSecond"), t.get("backlog"));
        long origin = origin();
        for (LoadGenerator.Phase phase : phases) {
            double at = (phase.startNanos() - origin) / 1e9;
            String label = phase.name() + " @" + f1(phase.rate());
            latency.marker(at, label);
            rate.marker(at, label);
        }
        html.chart(latency).chart(rate);
        html.heading("Steps").table(stepTable());
        html.heading("CPU by component (cores)").table(cpuTable());
        html.heading("Limits beside it").table(limitTable());
        html.heading("Statements per order").paragraph(statementHeading());
        if (statements.unavailable() == null) {
            html.table(statements.table(STATEMENT_ROWS));
        }
        html.heading("Invariants").table(invariantTable());
        if (!invariants.violations().isEmpty()) {
            html.preformatted(String.join("\n", invariants.violations()));
        }
        html.write(file);
    }

    private long origin() {
        return phases.isEmpty() ? 0 : phases.get(0).startNanos();
    }

    /** Per second since the first phase: offered and completed orders, latency percentiles; backlog per sample. */
    private Map<String, double[]> timeline() {
        long origin = origin();
        List<TrackedOrder> orders = phases.isEmpty() ? List.of()
                : tracker.accepted().stream().filter(o -> o.intendedNanos() >= origin).toList();
        List<Long> terminals = tracker.terminalTimes();
        long last = origin;
        for (TrackedOrder order : orders) {
            last = Math.max(last, Math.max(order.intendedNanos(), order.terminalNanos()));
        }
        int seconds = (int) Math.max(1, (last - origin) / 1_000_000_000L + 1);
        List<List<Double>> latencies = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            latencies.add(new ArrayList<>());
        }
        double[] offered = new double[seconds];
        double[] completed = new double[seconds];
        for (TrackedOrder order : orders) {
            int bucket = (int) ((order.intendedNanos() - origin) / 1_000_000_000L);
            offered[bucket]++;
            if (order.terminalNanos() > 0) {
                latencies.get(bucket).add((order.terminalNanos() - order.intendedNanos()) / 1e6);
            }
        }
        for (long at : terminals) {
            if (at >= origin) {
                int bucket = (int) ((at - origin) / 1_000_000_000L);
                if (bucket < seconds) {
                    completed[bucket]++;
                }
            }
        }
        double[] second = new double[seconds];
        double[] p50 = new double[seconds];
        double[] p99 = new double[seconds];
        double[] max = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            second[i] = i;
            double[] sorted = latencies.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            p50[i] = percentile(sorted, 50);
            p99[i] = percentile(sorted, 99);
            max[i] = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
        }
        List<LoadGenerator.Sample> inRun = samples.stream().filter(s -> s.nanos() >= origin).toList();
        double[] sampleSecond = new double[inRun.size()];
        double[] backlog = new double[inRun.size()];
        for (int i = 0; i < inRun.size(); i++) {
            sampleSecond[i] = (inRun.get(i).nanos() - origin) / 1e9;
            backlog[i] = inRun.get(i).waiting() + inRun.get(i).inFlight() + inRun.get(i).outstanding();
        }
        Map<String, double[]> timeline = new LinkedHashMap<>();
        timeline.put("second", second);
        timeline.put("offered", offered);
        timeline.put("completed", completed);
        timeline.put("p50Ms", p50);
        timeline.put("p99Ms", p99);
        timeline.put("maxMs", max);
        timeline.put("sampleSecond", sampleSecond);
        timeline.put("backlog", backlog);
        return timeline;
    }

    static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String compact(Map<String, Double> perTopic) {
        List<String> parts = new ArrayList<>();
        perTopic.forEach((k, v) -> parts.add(k + " " + f2(v)));
        return "(" + String.join(", ", parts) + ")";
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
