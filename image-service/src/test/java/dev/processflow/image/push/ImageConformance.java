package dev.processflow.image.push;

import static dev.processflow.image.api.ImageApi.awaitOutcome;
import static dev.processflow.image.api.ImageApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.image.imaging.TestImages;
import dev.processflow.testsupport.OverlongData;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resize function's effects, the same whatever brings the event: each subclass names its transports. The
 * upload's own {@code image.uploaded} is taken from the topic and handed over by the transport under test.
 */
abstract class ImageConformance extends TransportConformance {

    @Override
    protected String[] watchedTopics() {
        return new String[] {"images", "images.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void uploadedImageIsResizedOnceDespiteDuplicates(Transport transport) {
        String id = upload(TestImages.jpeg(TestImages.gradient(800, 600)), "c.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        CloudEvent<?> uploaded = TestEvents.decode(watch.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id)));
        transport.deliver(uploaded);
        transport.deliver(uploaded);
        transport.deliver(new CloudEvent<>(UUID.randomUUID(), uploaded.source(), uploaded.type(), uploaded.subject(),
                uploaded.time(), uploaded.data()));

        assertThat(awaitOutcome(id)).isEqualTo("READY");
        given().get("/images/" + id).then().body("variants.size()", equalTo(4));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> watch.matching(TestEvents.ofType(EventType.IMAGE_RESIZED, id)).size() == 1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anUploadAnnouncedByAnotherSourceIsRefused(Transport transport) {
        String id = upload(TestImages.jpeg(TestImages.gradient(320, 200)), "f.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        CloudEvent<?> uploaded = TestEvents.decode(watch.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id)));

        for (String source : new String[] {Sources.ORDER_SERVICE, "/anyone"}) {
            assertThat(transport.assertRefused(TestEvents.from(source, uploaded), "images"))
                    .contains("accepted only from " + Sources.IMAGE_SERVICE);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void overlongAnnouncementsAreRefusedAndTheStreamGoesOn(Transport transport) {
        String id = upload(TestImages.jpeg(TestImages.gradient(300, 300)), "o.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        CloudEvent<?> uploaded = TestEvents.decode(watch.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id)));

        assertThat(transport.assertPoisonRefused("images", uploaded.type().typeName(),
                OverlongData.replaced(uploaded, "/format", "jpeg-2000x"))).contains("at most 8");
        transport.deliver(uploaded);

        assertThat(awaitOutcome(id)).isEqualTo("READY");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("images", "processflow.image.uploaded", "not json at all");
        transport.assertPoisonRefused("images", "processflow.image.uploaded", "{\"imageId\": \"" + UUID.randomUUID() + "\"}");
        transport.assertPoisonRefused("images", "processflow.image.rotated", "{}");
    }
}
