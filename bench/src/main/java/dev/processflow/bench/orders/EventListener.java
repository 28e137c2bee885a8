package dev.processflow.bench.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.bench.report.Json;
import dev.processflow.events.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the order outcomes, payment and notification events straight from Kafka as they are published (no consumer
 * group, from the end of each partition as of the start), stamping each with the local monotonic clock. The end of a
 * order's latency is the moment its {@code order.confirmed}/{@code order.rejected} record reaches this consumer.
 */
public final class EventListener implements AutoCloseable {

    static final List<String> TOPICS = List.of("orders", "payments", "notifications");

    private final KafkaConsumer<String, byte[]> consumer;
    private final OrderTracker tracker;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Exception failure;

    /** {@code client}: the broker address and a login that may read the topics, the stack's observer. */
    public EventListener(Map<String, Object> client, OrderTracker tracker) {
        this.tracker = tracker;
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "processflow-bench-listener");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "bench-event-listener");
        this.thread.setDaemon(true);
    }

    /** Starts reading and returns once every partition is positioned at its current end. */
    public void start() throws InterruptedException {
        thread.start();
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not position the event listener on " + TOPICS, failure);
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record, now);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() woke the poll up
        } catch (RuntimeException e) {
            failure = e;
            positioned.countDown();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, long now) {
        EventType type = EventType.fromTypeName(header(record, "ce_type")).orElse(null);
        String id = header(record, "ce_id");
        String orderId = record.key() != null ? record.key() : header(record, "ce_subject");
        if (type == null || id == null || orderId == null) {
            return;
        }
        String reason = null;
        if (type == EventType.ORDER_REJECTED) {
            reason = reason(record.value());
        }
        tracker.event(orderId, type, id, now, reason);
    }

    private static String reason(byte[] value) {
        try {
            JsonNode data = Json.MAPPER.readTree(value);
            return data.path("reason").asText(null);
        } catch (IOException e) {
            return "UNREADABLE";
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** An exception that stopped the listener, if any. */
    public Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
