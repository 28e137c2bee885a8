package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.events.MalformedEventException;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents Kafka protocol binding, binary content mode: attributes in {@code ce_*} headers, data in the value.
 * A record is an event only if it came from its type's owner on its type's own topic ({@link Provenance}).
 */
@ApplicationScoped
public class KafkaCloudEvents {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension attributes travel as {@code ce_<name>} headers, like the standard ones. */
    public static final String EXTENSION_PREFIX = "ce_";

    private final EventCodec codec;

    public KafkaCloudEvents(EventCodec codec) {
        this.codec = codec;
    }

    public CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        String specVersion = header(record, SPEC_VERSION);
        if (specVersion == null) {
            throw new MalformedEventException("not a CloudEvent: no " + SPEC_VERSION + " header");
        }
        if (!CloudEvent.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("unsupported CloudEvents spec version " + specVersion);
        }
        CloudEvent<?> event = codec.decode(header(record, ID), header(record, SOURCE), header(record, TYPE),
                header(record, SUBJECT), header(record, TIME), utf8(record.value()));
        if (record.key() != null && !record.key().equals(event.subject())) {
            throw new MalformedEventException("record key " + record.key() + " is not the subject " + event.subject());
        }
        return Provenance.owned(event, record.topic());
    }

    /**
     * The trace context the event was sent in: its distributed-tracing extension ({@code ce_traceparent},
     * {@code ce_tracestate}), or else the hop's W3C headers. Empty when the producer did not trace, or sent something
     * that is not a W3C context (the event itself is still good).
     */
    public Optional<TraceContext> traceContext(ConsumerRecord<String, byte[]> record) {
        Optional<TraceContext> extension = TraceContext.parse(lenientHeader(record, EXTENSION_PREFIX + "traceparent"),
                lenientHeader(record, EXTENSION_PREFIX + "tracestate"));
        return extension.isPresent() ? extension
                : TraceContext.parse(lenientHeader(record, "traceparent"), lenientHeader(record, "tracestate"));
    }

    private static String lenientHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : utf8(header.value());
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEventException("not UTF-8 text", e);
        }
    }
}
