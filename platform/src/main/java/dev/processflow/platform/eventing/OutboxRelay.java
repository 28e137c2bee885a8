package dev.processflow.platform.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in commit order, in CloudEvents binary mode, and deletes them once the
 * broker acknowledged them. Woken right after each commit and polling as a safety net, so an event written before a
 * crash still leaves after the restart. Rows are claimed with SKIP LOCKED, so several replicas never send one twice
 * at the same time; a rare resend after a crash is absorbed by the consumers' dedupe.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final DataSource dataSource;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Duration sendTimeout;
    private final Counter published;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private volatile boolean running;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, DataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "processflow.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "processflow.outbox.poll-interval", defaultValue = "1s") Duration pollInterval,
            @ConfigProperty(name = "processflow.outbox.linger", defaultValue = "5ms") Duration linger,
            @ConfigProperty(name = "processflow.outbox.send-timeout", defaultValue = "30s") Duration sendTimeout) {
        this.emitter = emitter;
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
        this.sendTimeout = sendTimeout;
        this.published = Counter.builder("processflow.outbox.published").register(registry);
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        worker.submit(this::run);
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

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                int sent = relayBatch();
                backoff = Duration.ofMillis(100);
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
                if (!running) {
                    return;
                }
                LOG.warnf("outbox relay failed, retrying in %d ms: %s", backoff.toMillis(), e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Sends one batch and deletes it in one local transaction; a failed send rolls back and the rows stay. Plain
     * JDBC on a pooled connection: no JTA transaction or ORM session is needed for two statements, and none can
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

    private int relayBatch(Connection connection) throws SQLException {
        List<Long> sequences = new ArrayList<>(batchSize);
        List<Message<String>> messages = new ArrayList<>(batchSize);
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT seq, event_id, topic, event_key, type, source, subject, event_time, payload
                FROM outbox_event ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                    messages.add(toMessage(rows));
                }
            }
        }
        if (messages.isEmpty()) {
            return 0;
        }
        Uni.join().all(messages.stream().map(emitter::sendMessage).toList())
                .andFailFast().await().atMost(sendTimeout);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE seq = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", sequences.toArray()));
            delete.executeUpdate();
        }
        published.increment(messages.size());
        return messages.size();
    }

    private static Message<String> toMessage(ResultSet row) throws SQLException {
        RecordHeaders headers = new RecordHeaders();
        header(headers, KafkaCloudEvents.SPEC_VERSION, "1.0");
        header(headers, KafkaCloudEvents.ID, row.getString("event_id"));
        header(headers, KafkaCloudEvents.TYPE, row.getString("type"));
        header(headers, KafkaCloudEvents.SOURCE, row.getString("source"));
        header(headers, KafkaCloudEvents.SUBJECT, row.getString("subject"));
        header(headers, KafkaCloudEvents.TIME,
                row.getTimestamp("event_time").toInstant().atOffset(ZoneOffset.UTC).toString());
        header(headers, KafkaCloudEvents.CONTENT_TYPE, "application/json");
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("event_key"))
                .withHeaders(headers)
                .build();
        return Message.of(row.getString("payload"), Metadata.of(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
