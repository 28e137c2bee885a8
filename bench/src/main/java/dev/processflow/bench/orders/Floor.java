package dev.processflow.bench.orders;

import dev.processflow.bench.report.Table;
import java.util.List;
import java.util.Locale;

/**
 * The design floor of one run: exactly the statements and records the measured window's orders caused, replayed
 * without any framework (plain JDBC and the Kafka clients, one process), beside what the services spent on the same
 * orders. The services' CPU per order as a multiple of the floor's says how much of it is the design (statements,
 * round trips, transactions, records) and how much the code around it.
 */
record Floor(long orders, double servicesCpuSeconds, StatementReplay.Result statements, RecordReplay.Result records) {

    double servicesMsPerOrder() {
        return servicesCpuSeconds * 1000 / orders;
    }

    double floorMsPerOrder() {
        return (statements.netClientCpuSeconds() + records.cpuSeconds()) * 1000 / orders;
    }

    /** The services' CPU per order over the floor's; the target is at most 2.5. */
    double multiple() {
        return servicesMsPerOrder() / floorMsPerOrder();
    }

    Table table() {
        Table table = new Table("figure", "per order", "note");
        table.row("services' CPU (the four saga services, the same window)", ms(servicesMsPerOrder()),
                orders + " orders");
        table.row("floor CPU (statements and records replayed, one process)", ms(floorMsPerOrder()),
                String.format(Locale.ROOT, "JDBC %s + Kafka %s; the replay's own hand-off to session threads (%s) "
                        + "taken out", ms(statements.netClientCpuSeconds() * 1000 / orders),
                        ms(records.cpuSeconds() * 1000 / orders), ms(statements.handOffCpuSeconds() * 1000 / orders)));
        table.row("services / floor", String.format(Locale.ROOT, "%.1fx", multiple()), "target <= 2.5x");
        table.row("statements", f2(statements.statements()), "BEGIN not counted (it travels with the next statement)");
        table.row("round trips to PostgreSQL", f2(statements.roundTrips()), "statements, COMMITs and ROLLBACKs");
        table.row("transactions committed", f2(statements.transactions()), "");
        table.row("Kafka records produced", f2(records.records()), String.format(Locale.ROOT, "%.0f value bytes each",
                records.records() == 0 ? 0.0 : (double) records.bytes() / records.records()));
        table.row("Kafka records consumed", f2(records.deliveries()), "by the services' consumer groups");
        table.row("PostgreSQL CPU while the statements were replayed",
                ms(statements.serverCpuSeconds() * 1000 / orders), "");
        table.row("statements that failed on replay", f2(statements.failed()), statements.firstFailures().isEmpty()
                ? "none" : statements.failedOutsideWindow() + " more outside the window; the first: "
                        + String.join(" | ", statements.firstFailures()));
        return table;
    }

    List<String> caveats() {
        return List.of("The replay runs in the benchmark's JVM (default JIT, C2; the services run C1 unless told "
                + "otherwise), each logged session on its own connection and thread, one statement at a time in log "
                + "order; parameters are bound untyped (the server infers their types) and failures are listed above.");
    }

    private String f2(long count) {
        return String.format(Locale.ROOT, "%.2f", (double) count / orders);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }
}
