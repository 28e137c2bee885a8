package dev.processflow.platform.eventing;

import dev.processflow.platform.sweep.Sweep;
import dev.processflow.platform.tracing.EventTracing;
import dev.processflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in commit order, in CloudEvents binary mode: one statement claims and
 * deletes a batch, the transaction commits once the broker acknowledged every row of it, and rolls back (the rows
 * stay) otherwise. Woken right after each commit and polling as a safety net, so an event written before a
 * crash still leaves after the restart; {@link #drain} does the same from a caller's thread, for a PingSource while
 * the service may be scaled to zero. One relay of a database sends at a time, whatever the number of replicas (and
 * drains): the statement that claims a batch first tries {@link #RELAY_LOCK}, and a relay that finds it held claims
 * nothing and looks again shortly, its rows being sent meanwhile by the holder or by itself on the next try. Two
 * relays sending disjoint batches side by side could otherwise publish an aggregate's later event before its earlier
 * one, and the Kafka key keeps an aggregate's events in order only if they reach the broker in order. A rare resend
 * after a crash is absorbed by the consumers' dedupe.
 * <p>
 * A row the broker refuses for good ({@link SendFailures#permanentReason}) is moved to {@code outbox_quarantine}
 * with the reason, so the rows behind it still leave; anything else (the broker away or slow) leaves the whole batch
 * in place to be sent again. The relay's thread is supervised: if it ever ends while the application runs, it is
 * started again.
 */
@ApplicationScoped
public class OutboxRelay implements Sweep {

    /** The transaction-level advisory lock that makes one relay per database send at a time ("outbox" in ASCII). */
    public static final long RELAY_LOCK = 0x6f7574626f78L;
    /** The channel whose producer (its settings and credentials in the configuration) carries the outbox's rows. */
    static final String CHANNEL = "outbox";
    /** What {@link #relayBatch()} returns when another relay holds {@link #RELAY_LOCK}. */
    static final int BUSY = -1;
    private static final Duration FIRST_BUSY_RETRY = Duration.ofMillis(10);

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_REASON_LENGTH = 1000;

    private final KafkaClientService kafkaClients;
    private final DataSource dataSource;
    private final EventTracing tracing;
    private final SendFailures sendFailures;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Duration sendTimeout;
    private final Counter published;
    private final Counter quarantined;
    private final Counter restarts;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private volatile boolean running;
    /** The outbox channel's producer, once its connector made it. */
    private volatile Producer<String, String> producer;
    private volatile Instant lastPass = Instant.now();
    /** Event time of the oldest row the relay found still waiting, or null once it found the outbox empty. */
    private volatile Instant oldestWaiting;
    /** Rows waiting as the relay last looked, its batch included; counted only when a batch came back full. */
    private volatile long backlog;

    public OutboxRelay(KafkaClientService kafkaClients, DataSource dataSource,
            SendFailures sendFailures, EventTracing tracing, MeterRegistry registry,
            @ConfigProperty(name = "processflow.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "processflow.outbox.poll-interval", defaultValue = "1s") Duration pollInterval,
            @ConfigProperty(name = "processflow.outbox.linger", defaultValue = "5ms") Duration linger,
            @ConfigProperty(name = "processflow.outbox.send-timeout", defaultValue = "30s") Duration sendTimeout) {
        this.kafkaClients = kafkaClients;
        this.dataSource = dataSource;
        this.sendFailures = sendFailures;
        this.tracing = tracing;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
        this.sendTimeout = sendTimeout;
        this.published = Counter.builder("processflow.outbox.published").register(registry);
        this.quarantined = Counter.builder("processflow.outbox.quarantined")
                .description("outbox rows the broker refused for good, moved to outbox_quarantine").register(registry);
        this.restarts = Counter.builder("processflow.outbox.relay.restarts")
                .description("times the relay's thread ended unexpectedly and was started again").register(registry);
        Gauge.builder("processflow.outbox.backlog", this, relay -> relay.backlog)
                .description("outbox rows not yet published, as the relay last saw them")
                .register(registry);
        Gauge.builder("processflow.outbox.backlog.age.seconds", this, OutboxRelay::backlogAgeSeconds)
                .description("age of the oldest outbox row not yet published, as the relay last saw it")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        launch();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wakeUp();
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    public void wakeUp() {
        wakeUps.release();
    }

    @Override
    public String name() {
        return "outbox";
    }

    /** The relay keeps its own pace on its own thread; as a sweep it only runs from a PingSource or on demand. */

    /** Relays until the outbox is empty, from the caller's thread; returns how many rows it handled. */
    @Override
    public int sweep() {
        int total = 0;
        int sent;
        try {
            do {
                sent = relayBatch();
                if (sent == BUSY) {
                    // another relay is sending; what committed after its claim leaves with its next pass or tick
                    break;
                }
                total += sent;
            } while (sent == batchSize);
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the outbox could not be read: " + e.getMessage(), e);
        }
        return total;
    }

    /** When the relay last finished a pass over the outbox (sent a batch, found it empty, or failed and backed off). */
    public Instant lastPass() {
        return lastPass;
    }

    public boolean isRunning() {
        return running;
    }

    private double backlogAgeSeconds() {
        Instant oldest = oldestWaiting;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    private void launch() {
        CompletableFuture.runAsync(this::run, worker).whenComplete((done, failure) -> {
            if (!running) {
                return;
            }
            restarts.increment();
            LOG.errorf(failure, "the outbox relay stopped unexpectedly; starting it again in %d ms",
                    RESTART_DELAY.toMillis());
            CompletableFuture.delayedExecutor(RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        if (running) {
                            launch();
                        }
                    });
        });
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        Duration busyRetry = FIRST_BUSY_RETRY;
        while (running) {
            try {
                int sent = relayBatch();
                lastPass = Instant.now();
                backoff = Duration.ofMillis(100);
                if (sent == BUSY) {
                    // Another replica's relay is sending; it may have claimed its batch before this one's rows
                    // committed, so look again soon, less often the longer it holds the lock (a broker away).
                    Thread.sleep(busyRetry.toMillis());
                    busyRetry = busyRetry.multipliedBy(2).compareTo(pollInterval) > 0 ? pollInterval
                            : busyRetry.multipliedBy(2);
                    continue;
                }
                busyRetry = FIRST_BUSY_RETRY;
                if (sent < batchSize) {
                    if (wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS) && !linger.isZero()) {
                        // Commits come in bursts under load: a moment's wait lets one relay transaction carry them.
                        Thread.sleep(linger.toMillis());
                    }
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                lastPass = Instant.now();
                if (!running) {
                    return;
                }
                LOG.warnf("outbox relay failed, retrying in %d ms: %s", backoff.toMillis(), Failures.rootMessage(e));
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Claims, sends and deletes one batch in one local transaction, returning how many rows it sent, or {@link #BUSY}
     * while another relay holds the relay lock; a failed send rolls back and the rows stay. Plain
     * JDBC on a pooled connection: no JTA transaction or ORM session is needed for a few statements, and none can
     * leak into the producer's callback threads.
     */
    int relayBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int sent = relayBatch(connection);
                connection.commit();
                return sent;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** An outbox row as stored, claimed by this transaction. */
    private record Stored(long seq, UUID eventId, String topic, String key, String type, String source,
            String subject, Timestamp time, String payload, String traceParent, String traceState) {
    }

    /** A row on its way: {@code send} is its producer span, ended when the broker answered. */
    private record Row(Stored stored, Span send, ProducerRecord<String, String> record) {

        String eventId() {
            return stored.eventId().toString();
        }

        String topic() {
            return stored.topic();
        }

        Instant time() {
            return stored.time().toInstant();
        }
    }

    /**
     * One statement tries the relay lock and, under it, claims and deletes the batch: a row that always comes back
     * says whether the lock was had ({@code owned}), with the batch's rows beside it in order, or none. The delete
     * commits only once the broker took every row, so a claim costs no statement of its own. The statement's snapshot
     * may predate the lock when another relay committed in between; FOR UPDATE then skips the rows that relay deleted.
     */
    private int relayBatch(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>(batchSize);
        try (PreparedStatement claim = connection.prepareStatement("""
                WITH relay AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(?) AS owned),
                     claimed AS (DELETE FROM outbox_event
                                 WHERE seq IN (SELECT seq FROM outbox_event WHERE (SELECT owned FROM relay)
                                               ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                                 RETURNING *)
                SELECT relay.owned, c.seq, c.event_id, c.topic, c.event_key, c.type, c.source, c.subject,
                       c.event_time, c.payload, c.trace_parent, c.trace_state
                FROM relay LEFT JOIN claimed c ON true
                ORDER BY c.seq""")) {
            claim.setLong(1, RELAY_LOCK);
            claim.setInt(2, batchSize);
            try (ResultSet result = claim.executeQuery()) {
                while (result.next()) {
                    if (!result.getBoolean("owned")) {
                        return BUSY;
                    }
                    if (result.getObject("seq") == null) {
                        break;
                    }
                    Stored stored = new Stored(result.getLong("seq"), result.getObject("event_id", UUID.class),
                            result.getString("topic"), result.getString("event_key"), result.getString("type"),
                            result.getString("source"), result.getString("subject"),
                            result.getTimestamp("event_time"), result.getString("payload"),
                            result.getString("trace_parent"), result.getString("trace_state"));
                    Span send = tracing.startSend(stored.topic(), stored.eventId().toString(), stored.type(),
                            stored.source(), stored.subject(),
                            TraceContext.parse(stored.traceParent(), stored.traceState()));
                    rows.add(new Row(stored, send, toRecord(stored, send)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            rows.forEach(row -> endSend(row, e));
            throw e;
        }
        if (rows.isEmpty()) {
            oldestWaiting = null;
            backlog = 0;
            return 0;
        }
        backlog = rows.size() < batchSize ? rows.size() : rows.size() + count(connection);
        if (oldestWaiting == null || rows.get(0).time().isBefore(oldestWaiting)) {
            oldestWaiting = rows.get(0).time();
        }
        List<Throwable> failures;
        try {
            failures = sendAll(rows);
        } catch (RuntimeException e) {
            // Only a send still unanswered is ended here; one the broker already answered ended with its answer.
            rows.forEach(row -> endSend(row, e));
            throw e;
        }
        int done = 0;
        List<Row> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure == null) {
                done++;
                continue;
            }
            Optional<String> permanent = sendFailures.permanentReason(rows.get(i).topic(), failure);
            if (permanent.isEmpty()) {
                throw new DependencyUnavailableException("the broker did not take outbox event "
                        + rows.get(i).eventId() + ": " + Failures.rootMessage(failure), failure);
            }
            refused.add(rows.get(i));
            reasons.add(permanent.get());
        }
        for (int i = 0; i < refused.size(); i++) {
            quarantine(connection, refused.get(i), reasons.get(i));
        }
        published.increment(done);
        oldestWaiting = rows.size() < batchSize ? null : rows.get(rows.size() - 1).time();
        return rows.size();
    }

    /**
     * Hands every row to the producer, then waits for the broker's answers: each send's failure, or null (one refused
     * row must not hide whether the others went out). Straight on the channel's Kafka producer, which batches and
     * orders them per partition: the records already carry their topic, key and CloudEvents headers, so the
     * messaging layer's per-message work and its hop to a sending thread would only add cost to every event.
     */
    private List<Throwable> sendAll(List<Row> rows) {
        Producer<String, String> kafka = producer();
        List<CompletableFuture<Throwable>> answers = new ArrayList<>(rows.size());
        for (Row row : rows) {
            CompletableFuture<Throwable> answer = new CompletableFuture<>();
            answers.add(answer);
            try {
                kafka.send(row.record(), (metadata, failure) -> {
                    endSend(row, failure);
                    answer.complete(failure);
                });
            } catch (KafkaException refusedBeforeQueued) {
                endSend(row, refusedBeforeQueued);
                answer.complete(refusedBeforeQueued);
            }
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("the broker did not answer " + rows.size()
                    + " outbox sends within " + sendTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted waiting for the broker's answers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a send's answer failed instead of completing", e);
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private Producer<String, String> producer() {
        Producer<String, String> known = producer;
        if (known == null) {
            var channel = kafkaClients.<String, String>getProducer(CHANNEL);
            if (channel == null) {
                throw new DependencyUnavailableException("the " + CHANNEL + " channel's producer is not there yet");
            }
            known = channel.unwrap();
            producer = known;
        }
        return known;
    }

    /** A full batch: the rows behind it are counted, so the gauge shows how far behind the relay is, not just the batch size. */
    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox_event");
                ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private void quarantine(Connection connection, Row row, String reason) throws SQLException {
        String bounded = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
        Stored stored = row.stored();
        try (PreparedStatement move = connection.prepareStatement("""
                INSERT INTO outbox_quarantine (event_id, outbox_seq, topic, event_key, type, source, subject,
                                               event_time, payload, reason, trace_parent, trace_state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO UPDATE SET reason = EXCLUDED.reason, quarantined_at = now()""")) {
            move.setObject(1, stored.eventId());
            move.setLong(2, stored.seq());
            move.setString(3, stored.topic());
            move.setString(4, stored.key());
            move.setString(5, stored.type());
            move.setString(6, stored.source());
            move.setString(7, stored.subject());
            move.setTimestamp(8, stored.time());
            move.setString(9, stored.payload());
            move.setString(10, bounded);
            move.setString(11, stored.traceParent());
            move.setString(12, stored.traceState());
            move.executeUpdate();
        }
        quarantined.increment();
        LOG.errorf("quarantined outbox event %s (%s to topic %s): the broker refused it for good: %s; the events "
                + "behind it go on, an operator can re-publish or drop it under /admin/outbox/quarantine",
                row.eventId(), stored.type(), row.topic(), bounded);
    }

    /** Ends a row's send span, once: a failure marks it as an error (the row goes again or is quarantined). */
    private static void endSend(Row row, Throwable failure) {
        if (!row.send().isRecording()) {
            return;
        }
        if (failure != null) {
            row.send().recordException(failure);
            row.send().setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        row.send().end();
    }

    /**
     * CloudEvents binary mode. The send's trace context travels twice with the same value: as the distributed-tracing
     * extension ({@code ce_traceparent}, {@code ce_tracestate}), which stays with the event through every hop
     * (Knative's push turns it into the event's {@code traceparent} attribute), and as the W3C headers of this one
     * hop ({@code traceparent}, {@code tracestate}) for Kafka-aware tracers. The CloudEvents extension requires both to
     * match on a direct hop; consumers here read the extension.
     */
    private static ProducerRecord<String, String> toRecord(Stored row, Span send) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, KafkaCloudEvents.SPEC_VERSION, "1.0");
        header(headers, KafkaCloudEvents.ID, row.eventId().toString());
        header(headers, KafkaCloudEvents.TYPE, row.type());
        header(headers, KafkaCloudEvents.SOURCE, row.source());
        header(headers, KafkaCloudEvents.SUBJECT, row.subject());
        header(headers, KafkaCloudEvents.TIME, row.time().toInstant().atOffset(ZoneOffset.UTC).toString());
        header(headers, KafkaCloudEvents.CONTENT_TYPE, "application/json");
        TraceContext.of(Context.root().with(send)).ifPresent(trace -> trace.fields().forEach(field -> {
            header(headers, KafkaCloudEvents.EXTENSION_PREFIX + field.getKey(), field.getValue());
            header(headers, field.getKey(), field.getValue());
        }));
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
