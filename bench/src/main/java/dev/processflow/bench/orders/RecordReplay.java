package dev.processflow.bench.orders;

import dev.processflow.bench.CpuAccounting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka half of the design floor: the records the services wrote in the measured window (read back from their
 * topics, keys, values and headers as they are), produced again by one producer with the outbox's settings (acks=all,
 * idempotent, 5 ms linger) and consumed as many times over as the services' consumer groups consumed them, by plain
 * consumers in this process. Timed by this process's CPU.
 */
final class RecordReplay {

    /** Records and deliveries of the window, and this process's CPU to produce and consume them again. */
    record Result(long records, long deliveries, long bytes, double cpuSeconds) {
    }

    private final Map<String, Object> client;

    /** {@code client}: the broker address and the super user's login (reading every topic, making scratch topics). */
    RecordReplay(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** Where each partition of the services' topics ends now: the start of a window. */
    Map<TopicPartition, Long> ends() throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(BrokerLimit.SERVICE_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /**
     * Replays the records between {@code from} and {@code to}; {@code deliveriesByTopic} says how many times the
     * services' groups consumed each topic's records in the window.
     */
    Result replay(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Map<String, Long> recordsByTopic,
            Map<String, Long> deliveriesByTopic) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> window = read(from, to);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> partitions = new HashMap<>();
        from.keySet().forEach(tp -> partitions.merge(tp.topic(), 1, Integer::sum));
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((topic, count) -> topics.add(new NewTopic(scratch(topic, run), count, (short) 1)));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
                    long records = window.stream().filter(r -> r.topic().equals(topic.getKey())).count();
                    long produced = recordsByTopic.getOrDefault(topic.getKey(), 0L);
                    long groups = produced == 0 ? 0
                            : Math.round((double) deliveriesByTopic.getOrDefault(topic.getKey(), 0L) / produced);
                    for (long g = 0; g < groups; g++) {
                        consumers.add(assigned(scratch(topic.getKey(), run), topic.getValue()));
                        expected.add(records);
                    }
                }
                // Clients exist before the clock starts, as the services' do: their set-up is not per order.
                long bytes = window.stream().mapToLong(r -> r.value() == null ? 0 : r.value().length).sum();
                long cpuStart = CpuAccounting.ownProcessNanos();
                produce(producer, window, run);
                long deliveries = 0;
                for (int c = 0; c < consumers.size(); c++) {
                    deliveries += drain(consumers.get(c), expected.get(c));
                }
                double cpu = (CpuAccounting.ownProcessNanos() - cpuStart) / 1e9;
                return new Result(window.size(), deliveries, bytes, cpu);
            } finally {
                consumers.forEach(KafkaConsumer::close);
                admin.deleteTopics(topics.stream().map(NewTopic::name).toList()).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (Map.Entry<TopicPartition, Long> start : from.entrySet()) {
                long end = to.getOrDefault(start.getKey(), start.getValue());
                if (end <= start.getValue()) {
                    continue;
                }
                consumer.assign(List.of(start.getKey()));
                consumer.seek(start.getKey(), start.getValue());
                long position = start.getValue();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (position < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < end) {
                            records.add(record);
                        }
                        position = record.offset() + 1;
                    }
                }
            }
        }
        records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return records;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, List<ConsumerRecord<byte[], byte[]>> window,
            String run) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (ConsumerRecord<byte[], byte[]> record : window) {
            producer.send(new ProducerRecord<>(scratch(record.topic(), run), null, record.key(), record.value(),
                    record.headers()), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
        }
        producer.flush();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private KafkaConsumer<byte[], byte[]> assigned(String topic, int partitions) {
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        return consumer;
    }

    private static long drain(KafkaConsumer<byte[], byte[]> consumer, long count) {
        long read = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (read < count && System.nanoTime() < deadline) {
            read += consumer.poll(Duration.ofMillis(200)).count();
        }
        return read;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String scratch(String topic, String run) {
        return "bench-floor-" + run + "-" + topic;
    }
}
