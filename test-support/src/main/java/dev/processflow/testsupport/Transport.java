package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;

/**
 * One way of handing a CloudEvent to a service's function. Conformance suites run the same assertions over every
 * transport: Kafka pull (binary mode records) and HTTP push (binary and structured mode) to {@code POST /events}.
 */
public interface Transport {

    /** Delivers the event; the function's effect is observed by the caller. */
    void deliver(CloudEvent<?> event);

    /**
     * Delivers a poison message (raw data under a raw type) and asserts the transport refuses it the way its sender
     * expects: a dead-lettered record for Kafka, a 400 for HTTP.
     */
    void assertPoisonRefused(String topic, String type, String rawData);

    static Transport kafka(KafkaCompanion kafka, TopicWatch deadLetters) {
        return new Transport() {
            @Override
            public void deliver(CloudEvent<?> event) {
                kafka.produceStrings().fromRecords(TestEvents.record(event)).awaitCompletion();
            }

            @Override
            public void assertPoisonRefused(String topic, String type, String rawData) {
                String key = "poison-" + UUID.randomUUID();
                kafka.produceStrings().fromRecords(TestEvents.raw(topic, key, rawData, "ce_specversion", "1.0",
                        "ce_id", UUID.randomUUID().toString(), "ce_source", "/test", "ce_type", type,
                        "ce_subject", key, "ce_time", "2026-01-01T00:00:00Z")).awaitCompletion();
                var dead = deadLetters.await(r -> r.topic().equals(topic + ".dlq") && key.equals(r.key()),
                        Duration.ofSeconds(30));
                assertThat(TestEvents.header(dead, "dead-letter-reason")).isNotBlank();
            }

            @Override
            public String toString() {
                return "kafka";
            }
        };
    }

    static Transport httpBinary() {
        return new Transport() {
            @Override
            public void deliver(CloudEvent<?> event) {
                Response response = given()
                        .header("ce-specversion", "1.0")
                        .header("ce-id", event.id().toString())
                        .header("ce-source", event.source())
                        .header("ce-type", event.type().typeName())
                        .header("ce-subject", event.subject())
                        .header("ce-time", event.time().toString())
                        .contentType("application/json")
                        .body(EventCodec.standard().encodeData(event.data()))
                        .post("/events");
                assertThat(response.statusCode()).as("push of %s: %s", event.type(), response.asString()).isBetween(200, 299);
            }

            @Override
            public void assertPoisonRefused(String topic, String type, String rawData) {
                given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                        .header("ce-source", "/test").header("ce-type", type).header("ce-subject", "poison")
                        .header("ce-time", "2026-01-01T00:00:00Z")
                        .contentType("application/json").body(rawData)
                        .post("/events").then().statusCode(400).contentType("application/problem+json");
            }

            @Override
            public String toString() {
                return "http-binary";
            }
        };
    }

    static Transport httpStructured() {
        return new Transport() {
            @Override
            public void deliver(CloudEvent<?> event) {
                Response response = given().contentType("application/cloudevents+json")
                        .body(EventCodec.standard().encodeStructured(event))
                        .post("/events");
                assertThat(response.statusCode()).as("push of %s: %s", event.type(), response.asString()).isBetween(200, 299);
            }

            @Override
            public void assertPoisonRefused(String topic, String type, String rawData) {
                String envelope = """
                        {"specversion": "1.0", "id": "%s", "source": "/test", "type": "%s", "subject": "poison",
                         "time": "2026-01-01T00:00:00Z", "datacontenttype": "application/json", "data": %s}"""
                        .formatted(UUID.randomUUID(), type, rawData.trim().startsWith("{") ? rawData : "\"" + rawData + "\"");
                given().contentType("application/cloudevents+json").body(envelope)
                        .post("/events").then().statusCode(400).contentType("application/problem+json");
                given().contentType("application/cloudevents+json").body("{not a cloud event")
                        .post("/events").then().statusCode(400);
            }

            @Override
            public String toString() {
                return "http-structured";
            }
        };
    }
}
