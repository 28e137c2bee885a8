package dev.processflow.bench.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker side of the limit: produce and consume throughput of the stack's own Kafka broker with records shaped
 * like the services' events (a UUID key, seven CloudEvents headers, a JSON-sized value), and how many records and
 * consumer deliveries one order costs, read from the topics' end offsets and the consumer groups' committed offsets.
 */
public final class BrokerLimit implements AutoCloseable {

    /** Records in the service topics and deliveries committed by every consumer group, at one moment. */
    public record Counters(Map<String, Long> records, Map<String, Long> deliveries) {
    }

    public record Throughput(long records, int valueBytes, double producedPerSecond, double consumedPerSecond,
            double producedMiBPerSecond) {
    }

    public static final List<String> SERVICE_TOPICS = List.of("orders", "payments", "inventory", "catalog", "notifications");

    private final Map<String, Object> client;
    private final Admin admin;

    /**
     * {@code client}: the broker address and the super user's login; the limit creates a topic of its own and reads
     * every group's offsets, operator work no service may do.
     */
    public BrokerLimit(Map<String, Object> client) {
        this.client = Map.copyOf(client);
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        this.admin = Admin.create(config);
    }

    public Counters counters() throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        var descriptions = admin.describeTopics(SERVICE_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
        descriptions.forEach((topic, description) -> description.partitions()
                .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<String, Long> records = new LinkedHashMap<>();
        SERVICE_TOPICS.forEach(t -> records.put(t, 0L));
        admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> records.merge(tp.topic(), info.offset(), Long::sum));
        Map<String, Long> deliveries = new LinkedHashMap<>();
        SERVICE_TOPICS.forEach(t -> deliveries.put(t, 0L));
        for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            offsets.forEach((tp, offset) -> {
                if (offset != null && deliveries.containsKey(tp.topic())) {
                    deliveries.merge(tp.topic(), offset.offset(), Long::sum);
                }
            });
        }
        return new Counters(records, deliveries);
    }

    /** Produces {@code count} event-shaped records to a fresh topic as fast as the broker acknowledges, then reads them back. */
    public Throughput throughput(long count, int valueBytes, int partitions) throws Exception {
        String topic = "bench-throughput-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try {
            byte[] value = ("{\"data\":\"" + "x".repeat(Math.max(0, valueBytes - 11)) + "\"}").getBytes(StandardCharsets.UTF_8);
            double produced = produce(topic, count, value);
            double consumed = consume(topic, partitions, count);
            return new Throughput(count, value.length, produced, consumed, produced * value.length / (1024.0 * 1024.0));
        } finally {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private double produce(String topic, long count, byte[] value) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "processflow-bench-producer");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                String key = UUID.randomUUID().toString();
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                headers.add("ce_type", "processflow.bench.probe".getBytes(StandardCharsets.UTF_8));
                headers.add("ce_source", "/processflow/bench".getBytes(StandardCharsets.UTF_8));
                headers.add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
                headers.add("ce_time", "2026-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
                headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw failure.get();
            }
            return count / seconds;
        }
    }

    private double consume(String topic, int partitions, long count) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "processflow-bench-consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long read = 0;
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (read < count && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
