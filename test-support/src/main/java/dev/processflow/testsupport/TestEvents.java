package dev.processflow.testsupport;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** CloudEvents on Kafka for tests, in the same binary content mode the services use. */
public final class TestEvents {

    private static final EventCodec CODEC = EventCodec.standard();

    private TestEvents() {
    }

    public static ProducerRecord<String, String> record(CloudEvent<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.subject(),
                CODEC.encodeData(event.data()));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", event.id().toString());
        header(record, "ce_source", event.source());
        header(record, "ce_type", event.type().typeName());
        header(record, "ce_subject", event.subject());
        header(record, "ce_time", event.time().toString());
        header(record, "content-type", "application/json");
        return record;
    }

    /** A raw record with the given value and headers (name, value, name, value...), for poison input. */
    public static ProducerRecord<String, String> raw(String topic, String key, String value, String... headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            header(record, headers[i], headers[i + 1]);
        }
        return record;
    }

    /** The same event under a new id, claiming another source: a forgery, unless the source is the owner. */
    public static CloudEvent<?> from(String source, CloudEvent<?> event) {
        return new CloudEvent<>(UUID.randomUUID(), source, event.type(), event.subject(), event.time(), event.data());
    }

    public static CloudEvent<?> decode(ConsumerRecord<String, String> record) {
        return CODEC.decode(header(record, "ce_id"), header(record, "ce_source"), header(record, "ce_type"),
                header(record, "ce_subject"), header(record, "ce_time"), record.value());
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Predicate<ConsumerRecord<String, String>> ofType(EventType type, String subject) {
        return record -> type.typeName().equals(header(record, "ce_type")) && subject.equals(record.key());
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
