package dev.processflow.platform.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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
    private final EntityManager entityManager;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;
    private final Counter published;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private volatile boolean running;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, EntityManager entityManager,
            MeterRegistry registry,
            @ConfigProperty(name = "processflow.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "processflow.outbox.poll-interval", defaultValue = "1s") Duration pollInterval,
            @ConfigProperty(name = "processflow.outbox.send-timeout", defaultValue = "30s") Duration sendTimeout) {
        this.emitter = emitter;
        this.entityManager = entityManager;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
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
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
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

    /** Sends one batch and deletes it in one transaction; a failed send rolls back and the rows stay. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) sendTimeout.toSeconds() + 30).call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT seq, event_id, topic, event_key, type, source, subject, event_time, payload
                    FROM outbox_event ORDER BY seq LIMIT ?1 FOR UPDATE SKIP LOCKED""")
                    .setParameter(1, batchSize)
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> sequences = new ArrayList<>(rows.size());
            List<Message<String>> messages = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                sequences.add(((Number) row[0]).longValue());
                messages.add(toMessage(row));
            }
            // Sent with the transaction suspended (its row locks stay held): context propagation would otherwise
            // carry it into the producer's callback threads, and a commit fails while other threads share it.
            QuarkusTransaction.suspendingExisting().run(() -> Uni.join()
                    .all(messages.stream().map(emitter::sendMessage).toList())
                    .andFailFast().await().atMost(sendTimeout));
            entityManager.createNativeQuery("DELETE FROM outbox_event WHERE seq = ANY(?1)")
                    .setParameter(1, sequences.toArray(Long[]::new))
                    .executeUpdate();
            published.increment(rows.size());
            return rows.size();
        });
    }

    private static Message<String> toMessage(Object[] row) {
        UUID id = (UUID) row[1];
        String topic = (String) row[2];
        String key = (String) row[3];
        RecordHeaders headers = new RecordHeaders();
        header(headers, KafkaCloudEvents.SPEC_VERSION, "1.0");
        header(headers, KafkaCloudEvents.ID, id.toString());
        header(headers, KafkaCloudEvents.TYPE, (String) row[4]);
        header(headers, KafkaCloudEvents.SOURCE, (String) row[5]);
        header(headers, KafkaCloudEvents.SUBJECT, (String) row[6]);
        header(headers, KafkaCloudEvents.TIME, toInstant(row[7]).atOffset(ZoneOffset.UTC).toString());
        header(headers, KafkaCloudEvents.CONTENT_TYPE, "application/json");
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return Message.of((String) row[8], Metadata.of(metadata));
    }

    private static java.time.Instant toInstant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
