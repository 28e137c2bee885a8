package dev.processflow.bench.orders;

import dev.processflow.bench.CpuAccounting;
import dev.processflow.bench.Http;
import dev.processflow.bench.Machine;
import dev.processflow.bench.Options;
import dev.processflow.bench.SpeedReference;
import dev.processflow.bench.orders.OrderSpec.Expectation;
import dev.processflow.bench.orders.OrderSpec.Line;
import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.RealmTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./processflow bench orders}: drives the running stack with an open-loop order load, step by step or at one
 * fixed rate, measures end-to-end latency to the outcome event, checks the invariants afterwards, and measures beside
 * it what the same PostgreSQL and Kafka can do, so the result reads as a fraction of the commit-bound limit.
 */
public final class OrdersBench {

    private static final Set<String> OPTIONS = Set.of("order-url", "inventory-url", "mail-url", "kafka", "pg-host",
            "pg-port", "pg-superuser", "issuer", "mode", "rate", "duration", "start-rate",
            "factor", "max-rate", "step-duration", "refine", "warmup", "warmup-rate", "p99-limit", "concurrency",
            "drain", "skus", "stock", "scarce-stock", "seed", "out", "commit-duration", "kafka-records", "idle", "data-dir");
    private static final Set<String> FLAGS = Set.of("skip-limits", "floor", "help");
    /** Consumers commit their offsets every 5 s and PostgreSQL publishes its statistics within a second. */
    private static final Duration COUNTER_SETTLE = Duration.ofSeconds(6);
    private static final List<String> SERVICE_DATABASES = List.of("orders", "payments", "inventory", "notifications");
    /** The services whose databases and topics the floor replays. */
    private static final List<String> SAGA_SERVICES =
            List.of("order-service", "payment-service", "inventory-service", "notification-service");

    private OrdersBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Options> options = Options.parseOrUsage(args, OPTIONS, FLAGS, OrdersBench::usage);
        if (options.isPresent()) {
            System.exit(new OrdersBench().run(options.get()) ? 0 : 1);
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./processflow bench orders [options]   (against a running ./processflow up)
                  --mode step|fixed        step: raise the rate until it is no longer sustained (default); fixed: one rate
                  --rate N --duration D    fixed mode: orders/s and how long (default 250, 60s)
                  --start-rate N --factor F --max-rate N --step-duration D --refine K
                                           step mode ladder (default 5, 1.5, 1000, 30s, 1 bisection step)
                  --warmup D --warmup-rate N   JIT and pool warm-up, not measured (default 30s at the start rate)
                  --p99-limit D            a step is sustained only if p99 <= this (default 1s)
                  --concurrency N          HTTP connections, and connections of the commit loop (default 16)
                  --drain D                wait for outcomes after each step (default 40s: saga timeout + margin)
                  --idle D                 measure the idle stack's CPU first (default 10s)
                  --skus N --stock N --scarce-stock N --seed N   the catalog and mix (default 40, 1000000, 25, 42)
                  --commit-duration D --kafka-records N --skip-limits   the limits measured beside (default 10s, 200000)
                  --out DIR                where the JSON and HTML go (default bench/target/results)
                  --order-url --inventory-url --mail-url --kafka --pg-host --pg-port --pg-superuser   (defaults: the local stack)
                  --issuer URL             the realm customers and the operator sign in to (password grant)
                  --data-dir DIR           the stack's data directory, for its Kafka logins (default .processflow)
                  --floor                  afterwards, replay the window's statements and records without frameworks
                                           (needs a stack started --fresh with PROCESSFLOW_POSTGRES_STATEMENT_LOG=true)""");
    }

    private boolean run(Options o) throws Exception {
        String orderUrl = o.string("order-url", "http://localhost:8080");
        String inventoryUrl = o.string("inventory-url", "http://localhost:8082");
        String mailUrl = o.string("mail-url", "http://localhost:8025/messages");
        String kafka = o.string("kafka", "127.0.0.1:9092");
        KafkaCredentials logins = kafkaLogins(o);
        Map<String, Object> observer = logins.client(KafkaCredentials.OBSERVER, kafka);
        Map<String, Object> admin = logins.client(KafkaCredentials.ADMIN, kafka);
        int concurrency = o.integer("concurrency", 16);
        Duration drain = o.duration("drain", Duration.ofSeconds(40));
        double p99Limit = o.duration("p99-limit", Duration.ofSeconds(1)).toNanos() / 1e6;
        for (String url : List.of(orderUrl, inventoryUrl)) {
            if (!Http.ok(url + "/q/health/ready")) {
                System.err.println("bench: " + url + " is not ready; start the stack first: ./processflow up");
                return false;
            }
        }
        String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        Instant startedAt = Instant.now();
        Http http = new Http(Duration.ofSeconds(60));
        BenchCatalog catalog = BenchCatalog.forRun(runId, o.integer("skus", 40), o.integer("stock", 1_000_000),
                o.integer("scarce-stock", 25));
        OrderMix mix = new OrderMix(catalog, o.integer("seed", 42));
        OrderTracker tracker = new OrderTracker();
        DatabaseLimit database = new DatabaseLimit(o.string("pg-host", "127.0.0.1"), o.integer("pg-port", 5432),
                o.string("pg-superuser", "postgres"));
        StatementProfile statements = new StatementProfile(database, SERVICE_DATABASES);
        System.out.printf("bench orders: run %s, %d HTTP connections, open loop%n", runId, concurrency);
        RealmTokens tokens = new RealmTokens(o.string("issuer", "http://localhost:8180/realms/processflow"));
        catalog.create(http, inventoryUrl, tokens.session("admin").accessToken());
        List<StepResult> steps = new ArrayList<>();
        List<LoadGenerator.Phase> phases = new ArrayList<>();
        List<LoadGenerator.Sample> samples;
        DatabaseLimit.Counters dbBefore;
        DatabaseLimit.Counters dbAfter;
        StatementProfile.Window statementWindow;
        RecordReplay recordReplay = new RecordReplay(admin);
        Instant windowStart;
        Instant windowEnd;
        Map<String, Double> windowCpuStart;
        Map<String, Double> windowCpuEnd;
        Map<TopicPartition, Long> recordsFrom = Map.of();
        Map<TopicPartition, Long> recordsTo = Map.of();
        BrokerLimit.Counters kafkaBefore;
        BrokerLimit.Counters kafkaAfter;
        long measuredOrders;
        boolean settled;
        Map<String, Double> idleCores;
        Map<String, Object> machine = machineWithReference(database);
        try (EventListener listener = new EventListener(observer, tracker);
                LoadGenerator load = new LoadGenerator(http, orderUrl, mix, tracker, concurrency, runId, tokens);
                BrokerLimit broker = new BrokerLimit(admin)) {
            listener.start();
            Duration idleWindow = o.duration("idle", Duration.ofSeconds(10));
            System.out.printf("idle CPU for %d s...%n", idleWindow.toSeconds());
            Map<String, Double> idleBefore = CpuAccounting.snapshot();
            Thread.sleep(idleWindow.toMillis());
            idleCores = CpuAccounting.cores(idleBefore, CpuAccounting.snapshot(), idleWindow.toNanos() / 1e9);
            awaitCatalog(load, catalog);
            double startRate = o.decimal("start-rate", 5);
            Duration warmup = o.duration("warmup", Duration.ofSeconds(30));
            if (!warmup.isZero()) {
                double warmupRate = o.decimal("warmup-rate", startRate);
                System.out.printf("warm-up: %.1f orders/s for %d s (not measured)%n", warmupRate, warmup.toSeconds());
                phases.add(load.run("warmup", warmupRate, warmup));
                load.awaitOutcomes(drain);
                load.awaitFollowUps(Duration.ofSeconds(30));
            }
            Thread.sleep(COUNTER_SETTLE.toMillis());
            dbBefore = database.counters(SERVICE_DATABASES);
            String statementsUnavailable = statements.reset();
            kafkaBefore = broker.counters();
            windowStart = Instant.now();
            windowCpuStart = CpuAccounting.snapshot();
            if (o.flag("floor")) {
                recordsFrom = recordReplay.ends();
            }
            long acceptedBefore = tracker.acceptedCount();
            if (o.string("mode", "step").equals("fixed")) {
                steps.add(step(load, tracker, phases, "fixed", o.decimal("rate", 250), o.duration("duration",
                        Duration.ofSeconds(60)), drain, p99Limit));
            } else {
                ladder(o, load, tracker, phases, steps, startRate, drain, p99Limit);
            }
            boolean outcomes = load.awaitOutcomes(drain);
            settled = load.awaitFollowUps(Duration.ofSeconds(60)) && outcomes;
            Thread.sleep(COUNTER_SETTLE.toMillis());
            measuredOrders = tracker.acceptedCount() - acceptedBefore;
            dbAfter = database.counters(SERVICE_DATABASES);
            statementWindow = statements.read(measuredOrders, statementsUnavailable);
            kafkaAfter = broker.counters();
            windowEnd = Instant.now();
            windowCpuEnd = CpuAccounting.snapshot();
            if (o.flag("floor")) {
                recordsTo = recordReplay.ends();
            }
            samples = load.samples();
            if (listener.failure() != null) {
                throw new IllegalStateException("the event listener failed", listener.failure());
            }
        }
        System.out.println("checking invariants...");
        Map<String, int[]> stockAfter = catalog.stock(http, inventoryUrl);
        Map<String, Integer> emails = null;
        String mailNote;
        try {
            emails = emailsPerOrderRef(mailUrl, startedAt);
            mailNote = "mail catcher listing " + mailUrl;
        } catch (Exception e) {
            mailNote = "mail listing unreadable (" + e.getMessage() + "); emails checked through notification.sent only";
        }
        Invariants.Report invariants = Invariants.check(tracker.accepted(), catalog, stockAfter, emails, mailNote);
        Limits limits = null;
        if (!o.flag("skip-limits")) {
            limits = limits(o, database, admin, concurrency, dbBefore, dbAfter, kafkaBefore, kafkaAfter, measuredOrders);
        }
        Floor floor = null;
        if (o.flag("floor") && measuredOrders > 0) {
            System.out.println("design floor: replaying the window's statements and records...");
            double servicesCpu = SAGA_SERVICES.stream().mapToDouble(s -> windowCpuEnd.getOrDefault(s, 0.0)
                    - windowCpuStart.getOrDefault(s, 0.0)).sum();
            List<StatementLog.Executed> log = StatementLog.read(
                    Path.of(o.string("data-dir", ".processflow")).resolve("postgres/log"), "processflow",
                    Set.copyOf(SERVICE_DATABASES));
            StatementReplay.Result replayed = new StatementReplay(database, o.string("pg-host", "127.0.0.1"),
                    o.integer("pg-port", 5432)).replay(log, Set.copyOf(SERVICE_DATABASES), windowStart, windowEnd);
            Map<String, Long> records = delta(kafkaBefore.records(), kafkaAfter.records());
            Map<String, Long> deliveries = delta(kafkaBefore.deliveries(), kafkaAfter.deliveries());
            floor = new Floor(measuredOrders, servicesCpu, replayed,
                    recordReplay.replay(recordsFrom, recordsTo, records, deliveries));
        }
        OrdersReport report = new OrdersReport(runId, startedAt, machine, settings(o, concurrency), steps,
                phases, invariants, limits, tracker, samples, settled, tracker.failures(), idleCores,
                statementWindow, floor);
        Path out = Path.of(o.string("out", "bench/target/results"));
        report.print();
        Path json = out.resolve("orders-" + runId + ".json");
        Path html = out.resolve("orders-" + runId + ".html");
        report.writeJson(json);
        report.writeHtml(html);
        System.out.println("wrote " + json + " and " + html);
        return invariants.passed();
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        return delta;
    }

    private static void ladder(Options o, LoadGenerator load, OrderTracker tracker, List<LoadGenerator.Phase> phases,
            List<StepResult> steps, double startRate, Duration drain, double p99Limit) throws Exception {
        double factor = o.decimal("factor", 1.5);
        double maxRate = o.decimal("max-rate", 1000);
        Duration stepDuration = o.duration("step-duration", Duration.ofSeconds(30));
        double good = 0;
        double bad = 0;
        int n = 1;
        for (double rate = startRate; rate <= maxRate; rate *= factor) {
            StepResult result = step(load, tracker, phases, "step-" + n++, round(rate), stepDuration, drain, p99Limit);
            steps.add(result);
            if (!result.sustainable()) {
                bad = result.rate();
                break;
            }
            good = result.rate();
        }
        for (int i = 0; i < o.integer("refine", 1) && bad > 0; i++) {
            double rate = round(good > 0 ? Math.sqrt(good * bad) : bad / factor);
            if (rate <= good || rate >= bad) {
                break;
            }
            StepResult result = step(load, tracker, phases, "step-" + n++, rate, stepDuration, drain, p99Limit);
            steps.add(result);
            if (result.sustainable()) {
                good = rate;
            } else {
                bad = rate;
            }
        }
    }

    private static double round(double rate) {
        return rate < 20 ? Math.round(rate * 10) / 10.0 : Math.round(rate);
    }

    private static StepResult step(LoadGenerator load, OrderTracker tracker, List<LoadGenerator.Phase> phases,
            String name, double rate, Duration duration, Duration drain, double p99Limit) throws InterruptedException {
        if (!load.awaitOutcomes(Duration.ofMinutes(2))) {
            System.out.println("  (the previous step's backlog had not drained after 2 minutes)");
        }
        System.out.printf("%s: %.1f orders/s for %d s...%n", name, rate, duration.toSeconds());
        Map<String, Double> cpuBefore = CpuAccounting.snapshot();
        LoadGenerator.Phase phase = load.run(name, rate, duration);
        Map<String, Double> cpu = CpuAccounting.cores(cpuBefore, CpuAccounting.snapshot(), phase.seconds());
        phases.add(phase);
        long backlog = load.unsent() + tracker.outstanding();
        load.awaitOutcomes(drain);
        StepResult result = StepResult.evaluate(phase, tracker.accepted(), tracker.terminalTimes(),
                tracker.failures(name), backlog, p99Limit, System.nanoTime(), cpu);
        System.out.printf("  %s: completed %.1f/s, p50 %.0f ms, p99 %.0f ms, max %.0f ms, backlog at end %d, CPU %.2f cores: %s%n",
                name, result.completedPerSecond(), result.latency().p50(), result.latency().p99(),
                result.latency().max(), backlog, result.cpuCoresTotal(), result.verdict());
        if (!load.awaitFollowUps(Duration.ofSeconds(30))) {
            System.out.println("  (captures and emails still catching up after 30 s)");
        }
        return result;
    }

    /**
     * The machine, with its speed measured now, on the idle stack: a fixed single-threaded CPU loop and PostgreSQL's
     * commit rate on one connection. Figures from two runs compare only as well as their references agree.
     */
    private static Map<String, Object> machineWithReference(DatabaseLimit database) throws Exception {
        Map<String, Object> machine = Machine.describe();
        double sha256 = SpeedReference.sha256MiBPerSecond(5);
        database.prepare();
        double commits = database.commitsPerSecond(1, Duration.ofSeconds(3));
        machine.put("referenceSha256MiBPerSecondOneThread", Math.round(sha256 * 10) / 10.0);
        machine.put("referencePostgresCommitsPerSecondOneConnection", Math.round(commits));
        System.out.printf("machine reference: SHA-256 %.0f MiB/s on one thread, PostgreSQL %.0f commits/s on one"
                + " connection%n", sha256, commits);
        return machine;
    }

    /** Waits until order-service's catalog replica knows every SKU of the run, with one order naming all of them. */
    private static void awaitCatalog(LoadGenerator load, BenchCatalog catalog) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Line> everything = catalog.all().stream().map(sku -> new Line(sku, 1)).toList();
        while (true) {
            long seq = load.nextSeq();
            OrderSpec probe = new OrderSpec(seq, OrderMix.CUSTOMERS.get(0), everything, "tok_visa",
                    Expectation.OUT_OF_STOCK);
            int status = load.sendNow("setup", probe);
            if (status == 202) {
                return;
            }
            if (status != 422 || System.nanoTime() > deadline) {
                throw new IllegalStateException("order-service did not learn the benchmark's products (last answer "
                        + status + ")");
            }
            Thread.sleep(500);
        }
    }

    private static Map<String, Integer> emailsPerOrderRef(String mailUrl, Instant since) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(mailUrl))
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return Invariants.emailsPerOrderRef(body, since);
        }
    }

    /** The Kafka logins that {@code ./processflow up} generated for its data directory. */
    static KafkaCredentials kafkaLogins(Options o) {
        Path repository = Path.of(System.getProperty("processflow.repository", ".")).toAbsolutePath().normalize();
        return KafkaCredentials.load(repository.resolve(o.string("data-dir", ".processflow")));
    }

    /** The commit loop and the broker loop, run after the load so they do not compete with it. */
    private static Limits limits(Options o, DatabaseLimit database, Map<String, Object> kafkaAdmin, int concurrency,
            DatabaseLimit.Counters dbBefore, DatabaseLimit.Counters dbAfter, BrokerLimit.Counters kafkaBefore,
            BrokerLimit.Counters kafkaAfter, long orders) throws Exception {
        Duration commitDuration = o.duration("commit-duration", Duration.ofSeconds(10));
        System.out.printf("measuring PostgreSQL commits/s (%d s at 1 and at %d connections)...%n",
                commitDuration.toSeconds(), concurrency);
        database.prepare();
        database.commitsPerSecond(concurrency, Duration.ofSeconds(2));
        double commitsSingle = database.commitsPerSecond(1, commitDuration);
        double commits = database.commitsPerSecond(concurrency, commitDuration);
        long records = o.integer("kafka-records", 200_000);
        System.out.printf("measuring Kafka produce/consume of %d event-sized records...%n", records);
        BrokerLimit.Throughput throughput;
        try (BrokerLimit broker = new BrokerLimit(kafkaAdmin)) {
            throughput = broker.throughput(records, 450, 3);
        }
        Map<String, Double> commitsPerOrder = new LinkedHashMap<>();
        dbAfter.commits().forEach((db, after) -> commitsPerOrder.put(db,
                orders == 0 ? Double.NaN : (after - dbBefore.commits().getOrDefault(db, after)) / (double) orders));
        double writeTransactionsPerOrder = orders == 0 ? Double.NaN : (dbAfter.nextXid() - dbBefore.nextXid()) / (double) orders;
        Map<String, Double> recordsPerOrder = new LinkedHashMap<>();
        Map<String, Double> deliveriesPerOrder = new LinkedHashMap<>();
        kafkaAfter.records().forEach((t, after) -> recordsPerOrder.put(t,
                orders == 0 ? Double.NaN : (after - kafkaBefore.records().getOrDefault(t, after)) / (double) orders));
        kafkaAfter.deliveries().forEach((t, after) -> deliveriesPerOrder.put(t,
                orders == 0 ? Double.NaN : (after - kafkaBefore.deliveries().getOrDefault(t, after)) / (double) orders));
        return new Limits(database.serverVersion(), database.setting("synchronous_commit"), database.setting("fsync"),
                concurrency, commitsSingle,
                commits, orders, writeTransactionsPerOrder, commitsPerOrder, throughput, recordsPerOrder,
                deliveriesPerOrder);
    }

    private static Map<String, Object> settings(Options o, int concurrency) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mode", o.string("mode", "step"));
        settings.put("concurrency", concurrency);
        settings.put("warmup", o.string("warmup", "30s"));
        settings.put("stepDuration", o.string("step-duration", "30s"));
        settings.put("startRate", o.decimal("start-rate", 5));
        settings.put("factor", o.decimal("factor", 1.5));
        settings.put("p99Limit", o.string("p99-limit", "1s"));
        settings.put("mix", Map.of("declinedPercent", OrderMix.DECLINED_PERCENT, "outOfStockPercent",
                OrderMix.OUT_OF_STOCK_PERCENT, "scarcePercent", OrderMix.SCARCE_PERCENT, "linesPerOrder", "1-3",
                "quantityPerLine", "1-3"));
        return settings;
    }
}
