package dev.processflow.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads dead-letter topics ({@code <topic>.dlq}) and redrives their records: each record goes back to the topic it
 * was dead-lettered from ({@code dead-letter-topic} header) with its original key, value and headers, only the
 * dead-letter headers taken off. Consumers dedupe by CloudEvent id, so redriving a record twice changes nothing the
 * first redrive did not. Plain Kafka clients, no consumer group: reading a dead-letter topic commits nothing.
 */
public final class DeadLetterTopics implements AutoCloseable {

    /** Headers the dead-letter strategy adds; everything else on a dead letter is the original record's. */
    public static final String HEADER_PREFIX = "dead-letter-";
    public static final String SUFFIX = ".dlq";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * One dead-lettered record. {@code value} is its text when it is UTF-8 (events are JSON), else {@code null} and
     * {@code valueBase64} holds the bytes; {@code headers} are the original record's, decoded the same way.
     */
    public record DeadLetter(String id, String topic, int partition, long offset, Instant deadLetteredAt, String key,
            String originalTopic, String reason, String cause, Map<String, String> headers, String value,
            String valueBase64) {
    }

    /** Where a redriven record went. */
    public record Redriven(String id, String topic, int partition, long offset) {
    }

    private final Map<String, Object> clientConfig;
    private KafkaProducer<byte[], byte[]> producer;

    /** {@code clientConfig}: bootstrap servers and, where the broker wants them, credentials; other keys are ignored. */
    public DeadLetterTopics(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** The topic a dead-letter topic belongs to: {@code orders.dlq} to {@code orders}. */
    public static String originalTopicOf(String deadLetterTopic) {
        if (!deadLetterTopic.endsWith(SUFFIX) || deadLetterTopic.length() == SUFFIX.length()) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (<topic>" + SUFFIX + ")");
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
    }

    /** The oldest {@code limit} records of a dead-letter topic, partition by partition. */
    public List<DeadLetter> list(String deadLetterTopic, int limit) {
        originalTopicOf(deadLetterTopic);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                while (letters.size() < limit && consumer.position(partition, TIMEOUT) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(TIMEOUT)) {
                        if (letters.size() < limit && record.offset() < end) {
                            letters.add(deadLetter(record));
                        }
                    }
                }
            }
        }
        return letters;
    }

    /** The dead letter with this id ({@code topic:partition:offset}), if the topic still holds it. */
    public Optional<DeadLetter> find(String id) {
        Coordinates at = Coordinates.parse(id);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(at.topic(), at.partition());
            if (!partitions(consumer, at.topic()).contains(partition)) {
                return Optional.empty();
            }
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long start = consumer.beginningOffsets(List.of(partition), TIMEOUT).get(partition);
            if (at.offset() < start || at.offset() >= end) {
                return Optional.empty();
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, at.offset());
            while (consumer.position(partition, TIMEOUT) <= at.offset()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(TIMEOUT)) {
                    if (record.offset() == at.offset()) {
                        return Optional.of(deadLetter(record));
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Republishes these dead letters to the topics they came from, in order, waiting for the broker's
     * acknowledgement of each.
     */
    public List<Redriven> redrive(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (DeadLetter letter : letters) {
            sent.add(producer().send(original(letter)));
        }
        producer().flush();
        List<Redriven> redriven = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            try {
                RecordMetadata metadata = sent.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                redriven.add(new Redriven(letters.get(i).id(), metadata.topic(), metadata.partition(), metadata.offset()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while redriving " + letters.get(i).id(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not take redriven " + letters.get(i).id()
                        + " (" + redriven.size() + " of " + letters.size() + " redriven before it): " + e.getMessage(), e);
            }
        }
        return redriven;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
            producer = null;
        }
    }

    private static ProducerRecord<byte[], byte[]> original(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.headers().forEach((name, value) -> headers.add(name, decodeHeader(value)));
        return new ProducerRecord<>(letter.originalTopic(), null, bytes(letter.key()), letter.value() != null
                ? letter.value().getBytes(StandardCharsets.UTF_8)
                : letter.valueBase64() == null ? null : Base64.getDecoder().decode(letter.valueBase64()), headers);
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> original = new LinkedHashMap<>();
        Map<String, String> deadLetter = new HashMap<>();
        for (Header header : record.headers()) {
            (header.key().startsWith(HEADER_PREFIX) ? deadLetter : original).put(header.key(), encodeHeader(header.value()));
        }
        String value = record.value() == null ? null : utf8(record.value()).orElse(null);
        String valueBase64 = record.value() != null && value == null ? Base64.getEncoder().encodeToString(record.value()) : null;
        return new DeadLetter(new Coordinates(record.topic(), record.partition(), record.offset()).toString(),
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                deadLetter.getOrDefault(HEADER_PREFIX + "topic", originalTopicOf(record.topic())),
                deadLetter.get(HEADER_PREFIX + "reason"), deadLetter.get(HEADER_PREFIX + "cause"), original, value,
                valueBase64);
    }

    /** Header values are text in practice; anything else is kept as {@code base64:...} so it survives a redrive. */
    private static String encodeHeader(byte[] value) {
        if (value == null) {
            return null;
        }
        return utf8(value).filter(text -> !text.startsWith("base64:"))
                .orElseGet(() -> "base64:" + Base64.getEncoder().encodeToString(value));
    }

    private static byte[] decodeHeader(String value) {
        if (value == null) {
            return null;
        }
        return value.startsWith("base64:") ? Base64.getDecoder().decode(value.substring("base64:".length()))
                : value.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos == null ? List.of() : infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(KafkaClientConfig.consumerConfig(clientConfig));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(KafkaClientConfig.producerConfig(clientConfig));
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** A record's place: {@code orders.dlq:0:15}. */
    record Coordinates(String topic, int partition, long offset) {

        static Coordinates parse(String id) {
            int last = id == null ? -1 : id.lastIndexOf(':');
            int middle = last <= 0 ? -1 : id.lastIndexOf(':', last - 1);
            if (middle <= 0) {
                throw new IllegalArgumentException("a dead letter id is topic:partition:offset, not " + id);
            }
            try {
                return new Coordinates(id.substring(0, middle), Integer.parseInt(id.substring(middle + 1, last)),
                        Long.parseLong(id.substring(last + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a dead letter id is topic:partition:offset, not " + id, e);
            }
        }

        @Override
        public String toString() {
            return topic + ":" + partition + ":" + offset;
        }
    }
}
