package dev.processflow.image.push;

import static dev.processflow.image.api.ImageApi.upload;
import static io.restassured.RestAssured.given;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.image.imaging.TestImages;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRefusals;
import dev.processflow.testsupport.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.hamcrest.Matchers;

/**
 * The conformance suite over HTTP push as Knative delivers it: the pull consumer is off, so only the push does the
 * work, with the images relay's token; and every delivery that push must refuse.
 */
@QuarkusTest
@TestProfile(KnativePush.class)
class ImagePushConformanceTest extends ImageConformance implements PushRefusals {

    /** A fresh upload's own announcement: applied, it resizes the image. */
    @Override
    public CloudEvent<?> probe() {
        String id = upload(TestImages.jpeg(TestImages.gradient(200, 120)), "p.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        return TestEvents.decode(watch.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id)));
    }

    @Override
    public void assertNotApplied(CloudEvent<?> probe) {
        given().get("/images/" + probe.subject()).then().body("status", Matchers.equalTo("PROCESSING"));
    }

    @Override
    public void assertApplied(CloudEvent<?> probe) {
        given().get("/images/" + probe.subject()).then().body("status", Matchers.equalTo("READY"));
    }
}
