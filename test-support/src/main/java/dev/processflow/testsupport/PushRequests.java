package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * A CloudEvent as Knative pushes it to {@code POST /events}, in either content mode, or a PingSource tick, before any
 * credentials.
 */
public final class PushRequests {

    /** The CloudEvents type of a Knative PingSource tick. */
    public static final String PING = "dev.knative.sources.ping";

    private PushRequests() {
    }

    /** Binary mode: attributes in {@code ce-*} headers, the data as the body. */
    public static RequestSpecification binary(CloudEvent<?> event) {
        return given()
                .header("ce-specversion", "1.0")
                .header("ce-id", event.id().toString())
                .header("ce-source", event.source())
                .header("ce-type", event.type().typeName())
                .header("ce-subject", event.subject())
                .header("ce-time", event.time().toString())
                .contentType("application/json")
                .body(EventCodec.standard().encodeData(event.data()));
    }

    /** A Knative PingSource tick with this CloudEvents {@code source}, as its adapter sends it (binary mode). */
    public static RequestSpecification tick(String source) {
        return given()
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", source)
                .header("ce-type", PING)
                .contentType("application/json")
                .body("{\"task\":\"sweeps\"}");
    }

    /** Structured mode: the whole event as one {@code application/cloudevents+json} document. */
    public static RequestSpecification structured(CloudEvent<?> event) {
        return given().contentType("application/cloudevents+json").body(EventCodec.standard().encodeStructured(event));
    }
}
