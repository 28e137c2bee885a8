package dev.processflow.console.feed;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The console's one view of the broker: a plain consumer, logged in as the read-only observer, that assigns itself
 * every partition of the flow topics and of every dead-letter topic and starts at their end. No consumer group: it
 * commits nothing and needs no group ACL, and every console replica sees everything. What it reads goes to any number
 * of subscribers (the pages' event streams); a subscriber that falls behind by more than {@link #BUFFER} events is
 * failed, and its page reconnects and reloads.
 */
@ApplicationScoped
public class EventFeed {

    static final int BUFFER = 512;

    private static final Logger LOG = Logger.getLogger(EventFeed.class);
    private static final List<String> FLOW_TOPICS = List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.INVENTORY,
            Topics.NOTIFICATIONS, Topics.IMAGES);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    private final BroadcastProcessor<FlowEvent> events = BroadcastProcessor.create();
    private final BroadcastProcessor<DeadLetterNotice> deadLetters = BroadcastProcessor.create();
    private final EventCodec codec = EventCodec.standard();
    private final Map<String, Object> kafkaConfig;
    private final Duration reassignEvery;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Set<TopicPartition> assigned = Set.of();
    private Thread reader;

    public EventFeed(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            dev.processflow.console.upstream.ConsoleConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.reassignEvery = config.feedReassignEvery();
    }

    /** Every flow event from now on, for as long as the subscriber keeps up. */
    public Multi<FlowEvent> events() {
        return events.onOverflow().buffer(BUFFER);
    }

    /** Every dead letter from now on. */
    public Multi<DeadLetterNotice> deadLetters() {
        return deadLetters.onOverflow().buffer(BUFFER);
    }

    /** The partitions read right now; empty until the broker answered. */
    public Set<TopicPartition> assigned() {
        return assigned;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        reader = new Thread(this::read, "console-event-feed");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        reader.join(Duration.ofSeconds(5).toMillis());
        events.onComplete();
        deadLetters.onComplete();
    }

    private void read() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = kafka;
                Instant nextAssignment = Instant.MIN;
                while (running) {
                    if (Instant.now().isAfter(nextAssignment)) {
                        assign(kafka);
                        nextAssignment = Instant.now().plus(reassignEvery);
                    }
                    if (kafka.assignment().isEmpty()) {
                        Thread.sleep(POLL.toMillis());
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        dispatch(record);
                    }
                }
            } catch (WakeupException e) {
                LOG.debug("event feed woken up to stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException e) {
                // Authorization or a broken connection: start over with a new consumer after a pause, at the end again.
                LOG.warnf("event feed lost the broker (%s); reconnecting", e.toString());
                assigned = Set.of();
                pause();
            }
        }
    }

    /** Adds partitions and topics that appeared since the last look; new ones are read from their end. */
    private void assign(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> partitions = new HashSet<>(kafka.assignment());
        Stream.concat(FLOW_TOPICS.stream(), Topics.ALL.stream().map(Topics::deadLetter)).forEach(topic -> {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        });
        Set<TopicPartition> added = new HashSet<>(partitions);
        added.removeAll(kafka.assignment());
        if (!added.isEmpty()) {
            kafka.assign(partitions);
            kafka.seekToEnd(added);
            // Resolve the end now, so nothing written after this moment is skipped by a lazy seek.
            added.forEach(kafka::position);
            assigned = Set.copyOf(partitions);
            LOG.infof("event feed reads %d partitions from their end", partitions.size());
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        if (record.topic().endsWith(".dlq")) {
            deadLetters.onNext(new DeadLetterNotice(record.topic() + ":" + record.partition() + ":" + record.offset(),
                    record.topic(), record.partition(), record.offset(), header(record, "dead-letter-topic"),
                    header(record, "dead-letter-reason"), record.key(), Instant.ofEpochMilli(record.timestamp())));
            return;
        }
        try {
            CloudEvent<?> event = codec.decode(header(record, "ce_id"), header(record, "ce_source"),
                    header(record, "ce_type"), header(record, "ce_subject"), header(record, "ce_time"),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
            // Shown only what the services themselves accept: each type from its owner, on its owner's topic.
            if (!event.type().topic().equals(record.topic()) || !Topics.owner(record.topic()).equals(event.source())) {
                LOG.debugf("ignored %s from %s on %s", event.type().typeName(), event.source(), record.topic());
                return;
            }
            events.onNext(new FlowEvent(event));
        } catch (MalformedEventException e) {
            LOG.debugf("ignored a record on %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-event-feed");
        return config;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void pause() {
        try {
            Thread.sleep(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
