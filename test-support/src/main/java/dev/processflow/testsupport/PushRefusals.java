package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code POST /events} refuses under the {@code knative} profile, for any service: each test pushes an event the
 * service would apply, with something wrong about the delivery, and asserts the refusal and that nothing was applied;
 * and the ticks of a PingSource run the service's sweeps only when they come from its own. A service's push
 * conformance test implements it with an event whose effect it can see.
 */
public interface PushRefusals {

    /** The sweep every service has: the outbox relay's safety pass, scheduled by no timer. */
    String OUTBOX_SWEEP = "outbox";

    /** A new event this service applies with a visible effect, delivered with the topic relay's token. */
    CloudEvent<?> probe();

    /** Asserts the refused probe changed nothing; called right after the refusal, as push applies synchronously. */
    void assertNotApplied(CloudEvent<?> probe);

    /** Asserts the probe was applied; called after a 2xx. */
    void assertApplied(CloudEvent<?> probe);

    @Test
    default void aDeliveryWithoutATokenIsRefused() {
        CloudEvent<?> probe = probe();
        PushRequests.binary(probe).post("/events").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json");
        assertNotApplied(probe);
    }

    @Test
    default void aTokenSignedWithAnUnpublishedKeyIsRefused() {
        CloudEvent<?> probe = probe();
        refused(probe, EventingTokens.token(EventingTokens.relayOf(probe.topic())).signWithUnknownKey(), 401);
        assertNotApplied(probe);
    }

    @Test
    default void aTokenForAnotherAudienceIsRefused() {
        CloudEvent<?> probe = probe();
        refused(probe, EventingTokens.token(EventingTokens.relayOf(probe.topic())).audience("some-other-service").sign(),
                401);
        assertNotApplied(probe);
    }

    @Test
    default void anExpiredTokenIsRefused() {
        CloudEvent<?> probe = probe();
        refused(probe, EventingTokens.token(EventingTokens.relayOf(probe.topic())).expired().sign(), 401);
        assertNotApplied(probe);
    }

    @Test
    default void aUsersTokenIsRefusedEvenForTheRightSubjectAndAudience() {
        CloudEvent<?> probe = probe();
        refused(probe, TestIssuer.users().customer("ada", "ada@example.com", "Ada Lovelace"), 401);
        refused(probe, TestIssuer.users().admin("root"), 401);
        refused(probe, TestIssuer.users().token(EventingTokens.relayOf(probe.topic()))
                .audience(EventingTokens.audience()).sign(), 401);
        assertNotApplied(probe);
    }

    @Test
    default void aValidTokenOfASenderNotAllowedHereIsForbidden() {
        CloudEvent<?> probe = probe();
        refused(probe, EventingTokens.token("system:serviceaccount:processflow:intruder").sign(), 403);
        assertNotApplied(probe);
    }

    @Test
    default void anOversizedDeliveryIsRefusedBeforeParsingAndTheNextIsApplied() throws IOException, InterruptedException {
        CloudEvent<?> probe = probe();
        String token = EventingTokens.relayToken(probe.topic());
        String oversized = "{\"padding\": \"" + "x".repeat(300 * 1024) + "\"}";
        PushRequests.binary(probe).auth().oauth2(token).body(oversized).post("/events").then().statusCode(413)
                .contentType("application/problem+json");
        HttpResponse<String> streamed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/cloudevents+json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                oversized.getBytes(StandardCharsets.UTF_8))))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).as("a body without a declared length").isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertNotApplied(probe);

        HttpClient http2 = HttpClient.newHttpClient();
        URI events = URI.create("http://localhost:" + RestAssured.port + "/events");
        http2.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> next = http2.send(HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(EventCodec.standard().encodeStructured(probe))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.version()).as("the next delivery, over HTTP/2").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(204);
        assertApplied(probe);
    }

    /**
     * A PingSource tick runs every sweep of the service, and only from the service's own PingSource: its ticks without
     * a token, with a KafkaSource's token, with its token but another source, and another PingSource's are refused and
     * run nothing. The outbox sweep runs only on a tick or an operator's demand, never on a timer, so its count shows
     * whether a tick ran anything.
     */
    @Test
    default void onlyItsOwnPingSourceRunsItsSweeps() {
        String source = EventingTokens.pingSource();
        String own = EventingTokens.pingSender();
        String other = "system:serviceaccount:processflow:intruder-sweeps-oidc-sources.knative.dev-pingsource";
        List<String> sweeps = List.of(TestUsers.asAdmin().get("/admin/sweeps").then().statusCode(200).extract()
                .as(String[].class));
        assertThat(sweeps).as("this service's sweeps").contains(OUTBOX_SWEEP);
        double outbox = sweepRuns(OUTBOX_SWEEP);

        PushRequests.tick(source).post("/events").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json");
        refusedTick(source, TestIssuer.users().token(own).audience(EventingTokens.audience()).sign(), 401);
        refusedTick(source, EventingTokens.token(EventingTokens.anyRelay()).sign(), 403);
        refusedTick(source.replaceFirst("[^/]+$", "intruder-sweeps"), EventingTokens.token(own).sign(), 403);
        refusedTick(source.replaceFirst("/namespaces/[^/]+/", "/namespaces/elsewhere/"), EventingTokens.token(own).sign(), 403);
        refusedTick(source.replaceFirst("[^/]+$", "intruder-sweeps"), EventingTokens.token(other).sign(), 403);
        assertThat(sweepRuns(OUTBOX_SWEEP)).as("outbox sweeps after refused ticks").isEqualTo(outbox);

        Map<String, Double> before = new HashMap<>();
        sweeps.forEach(sweep -> before.put(sweep, sweepRuns(sweep)));
        PushRequests.tick(source).auth().oauth2(EventingTokens.token(own).sign()).post("/events").then().statusCode(204);
        sweeps.forEach(sweep -> assertThat(sweepRuns(sweep)).as("runs of sweep %s after its PingSource's tick", sweep)
                .isGreaterThan(before.get(sweep)));
    }

    /** How many runs of this sweep completed, from the service's metrics. */
    private static double sweepRuns(String sweep) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("processflow_sweeps_total{"))
                .filter(line -> line.contains("sweep=\"" + sweep + "\"") && line.contains("outcome=\"done\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void refusedTick(String source, String token, int status) {
        PushRequests.tick(source).auth().oauth2(token).post("/events").then().statusCode(status)
                .contentType("application/problem+json");
    }

    private static ValidatableResponse refused(CloudEvent<?> probe, String token, int status) {
        return PushRequests.binary(probe).auth().oauth2(token).post("/events").then().statusCode(status)
                .contentType("application/problem+json");
    }

    /** For a service whose profile has no push delivery: {@code /events} is no route at all. */
    interface Absent {

        @Test
        default void eventsIsNotARouteOutsideKnative() {
            String event = """
                    {"specversion": "1.0", "id": "00000000-0000-4000-8000-000000000001", "source": "/test",
                     "type": "processflow.order.placed", "subject": "x", "time": "2026-01-01T00:00:00Z", "data": {}}""";
            int unknownPath = given().contentType("application/cloudevents+json").body(event).post("/no-such-path")
                    .statusCode();
            given().contentType("application/cloudevents+json").body(event).post("/events").then()
                    .statusCode(404).statusCode(unknownPath).contentType("application/problem+json");
            assertThat(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString())
                    .doesNotContain("\"/events\"");
        }
    }
}
