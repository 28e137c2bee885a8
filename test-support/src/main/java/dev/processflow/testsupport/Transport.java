package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One way of handing a CloudEvent to a service's function. Conformance suites run the same assertions over every
 * transport: Kafka pull (binary mode records) and HTTP push (binary and structured mode) to {@code POST /events},
 * each push with the token of the KafkaSource that relays the topic ({@link EventingTokens}).
 */
public interface Transport {

    /** Delivers the event; the function's effect is observed by the caller. */
    void deliver(CloudEvent<?> event);

    /**
     * Delivers a poison message (raw data under a raw type, from the type's owner if there is one), as if read from
     * {@code topic}, and asserts the transport refuses it the way its sender expects: a dead-lettered record for
     * Kafka, a 4xx for HTTP (400, or 403 when the type is one the relay of {@code topic} never carries). Returns
     * why: the dead-letter reason or the problem's detail.
     */
    String assertPoisonRefused(String topic, String type, String rawData);

    /**
     * Delivers a well-formed event as if read from {@code topic} and asserts it is refused as
     * {@link #assertPoisonRefused} describes (for one that claims a source other than its type's owner, say);
     * returns why.
     */
    String assertRefused(CloudEvent<?> event, String topic);

    /** A poison message claims to come from its type's owner, so only its content can be what is wrong with it. */
    private static String sourceFor(String type) {
        return EventType.fromTypeName(type).map(EventType::owner).orElse("/test");
    }

    static Transport kafka(KafkaCompanion kafka, TopicWatch deadLetters) {
        return new Transport() {
            @Override
            public void deliver(CloudEvent<?> event) {
                kafka.produceStrings().fromRecords(TestEvents.record(event)).awaitCompletion();
            }

            @Override
            public String assertPoisonRefused(String topic, String type, String rawData) {
                String key = "poison-" + UUID.randomUUID();
                return assertDeadLettered(TestEvents.raw(topic, key, rawData, "ce_specversion", "1.0",
                        "ce_id", UUID.randomUUID().toString(), "ce_source", sourceFor(type), "ce_type", type,
                        "ce_subject", key, "ce_time", "2026-01-01T00:00:00Z"));
            }

            @Override
            public String assertRefused(CloudEvent<?> event, String topic) {
                ProducerRecord<String, String> record = TestEvents.record(event);
                return assertDeadLettered(new ProducerRecord<>(topic, null, record.key(), record.value(),
                        record.headers()));
            }

            private String assertDeadLettered(ProducerRecord<String, String> record) {
                kafka.produceStrings().fromRecords(record).awaitCompletion();
                var dead = deadLetters.await(r -> r.topic().equals(record.topic() + ".dlq")
                        && record.key().equals(r.key()), Duration.ofSeconds(30));
                String reason = TestEvents.header(dead, "dead-letter-reason");
                assertThat(reason).isNotBlank();
                return reason;
            }

            @Override
            public String toString() {
                return "kafka";
            }
        };
    }

    static Transport httpBinary() {
        return new Http("http-binary") {
            @Override
            RequestSpecification request(CloudEvent<?> event) {
                return PushRequests.binary(event);
            }

            @Override
            RequestSpecification poison(String type, String rawData) {
                return given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                        .header("ce-source", sourceFor(type)).header("ce-type", type).header("ce-subject", "poison")
                        .header("ce-time", "2026-01-01T00:00:00Z")
                        .contentType("application/json").body(rawData);
            }
        };
    }

    static Transport httpStructured() {
        return new Http("http-structured") {
            @Override
            RequestSpecification request(CloudEvent<?> event) {
                return PushRequests.structured(event);
            }

            @Override
            RequestSpecification poison(String type, String rawData) {
                String envelope = """
                        {"specversion": "1.0", "id": "%s", "source": "%s", "type": "%s", "subject": "poison",
                         "time": "2026-01-01T00:00:00Z", "datacontenttype": "application/json", "data": %s}"""
                        .formatted(UUID.randomUUID(), sourceFor(type), type,
                                rawData.trim().startsWith("{") ? rawData : "\"" + rawData + "\"");
                return given().contentType("application/cloudevents+json").body(envelope);
            }

            @Override
            public String assertPoisonRefused(String topic, String type, String rawData) {
                given().auth().oauth2(EventingTokens.relayToken(topic))
                        .contentType("application/cloudevents+json").body("{not a cloud event")
                        .post("/events").then().statusCode(400);
                return super.assertPoisonRefused(topic, type, rawData);
            }
        };
    }

    /** Push to {@code POST /events}, authenticated as the KafkaSource that relays the event's topic. */
    abstract class Http implements Transport {

        private final String name;

        Http(String name) {
            this.name = name;
        }

        /** The event in this content mode, without credentials. */
        abstract RequestSpecification request(CloudEvent<?> event);

        /** Raw data under a raw type in this content mode, without credentials. */
        abstract RequestSpecification poison(String type, String rawData);

        @Override
        public void deliver(CloudEvent<?> event) {
            Response response = request(event).auth().oauth2(EventingTokens.relayToken(event.topic())).post("/events");
            assertThat(response.statusCode()).as("push of %s: %s", event.type(), response.asString()).isBetween(200, 299);
        }

        @Override
        public String assertPoisonRefused(String topic, String type, String rawData) {
            return poison(type, rawData).auth().oauth2(EventingTokens.relayToken(topic)).post("/events")
                    .then().statusCode(refusal(topic, type)).contentType("application/problem+json")
                    .extract().path("detail");
        }

        @Override
        public String assertRefused(CloudEvent<?> event, String topic) {
            return request(event).auth().oauth2(EventingTokens.relayToken(topic)).post("/events")
                    .then().statusCode(refusal(topic, event.type().typeName())).contentType("application/problem+json")
                    .extract().path("detail");
        }

        /** 403 for a type the relay of this topic never carries, 400 for anything else it refuses. */
        private static int refusal(String topic, String type) {
            return EventType.fromTypeName(type).filter(t -> !t.topic().equals(topic)).isPresent() ? 403 : 400;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
