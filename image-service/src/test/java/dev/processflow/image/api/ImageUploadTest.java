package dev.processflow.image.api;

import static dev.processflow.image.api.ImageApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.image.ImageConfig;
import dev.processflow.image.budget.DecodeBudget;
import dev.processflow.image.imaging.DecodeAdmission;
import dev.processflow.image.imaging.DecodeCost;
import dev.processflow.image.imaging.ProgressiveJpeg;
import dev.processflow.image.imaging.TestImages;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.SignInChecks;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageUploadTest {

    private TopicWatch images;

    @Inject
    EntityManager entityManager;

    @Inject
    ImageConfig config;

    @Inject
    DecodeBudget budget;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    void watch() {
        images = TopicWatch.of(KafkaEngine.companion(), "images");
    }

    @AfterAll
    void close() {
        images.close();
    }

    @Test
    void anAcceptedUploadIsStoredRecordedAndAnnounced() {
        byte[] jpeg = TestImages.jpegWithExif(TestImages.storedFor(TestImages.gradient(640, 480), 6), 6);
        Response response = upload(jpeg, "holiday.jpg", "image/jpeg");

        response.then().statusCode(202).contentType("application/json").body("status", equalTo("PROCESSING"));
        String id = response.path("id");
        assertThat(response.header("Location")).isEqualTo("/images/" + id);
        given().get("/images/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("original.format", equalTo("jpeg"))
                .body("original.width", equalTo(640))
                .body("original.height", equalTo(480))
                .body("original.bytes", equalTo(jpeg.length))
                .body("original.sha256", equalTo(ImageApi.sha256(jpeg)));
        byte[] original = given().get("/images/" + id + "/original").then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        assertThat(original).isEqualTo(jpeg);

        ConsumerRecord<String, String> record = images.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id));
        assertThat(TestEvents.header(record, "ce_source")).isEqualTo("/processflow/image-service");
        CloudEvent<?> event = TestEvents.decode(record);
        assertThat(event.data()).isEqualTo(new ImageUploaded(java.util.UUID.fromString(id), "jpeg", 640, 480,
                jpeg.length, ImageApi.sha256(jpeg)));
    }

    @Test
    void theFormatComesFromTheBytesNotTheNameOrContentType() {
        byte[] png = TestImages.png(TestImages.quadrants(40, 30));
        String id = upload(png, "photo.jpg", "image/jpeg").then().statusCode(202).extract().path("id");
        given().get("/images/" + id).then().body("original.format", equalTo("png"));
        given().get("/images/" + id + "/original").then().contentType("image/png");
        upload(TestImages.WEBP_LOSSY, "x.bin", "application/octet-stream").then().statusCode(202);
        upload(TestImages.bmp(TestImages.quadrants(40, 30)), "x", "text/plain").then().statusCode(202);
        upload(TestImages.animatedGif(40, 30, TestImages.RED, TestImages.BLUE), "a.gif", "image/gif")
                .then().statusCode(202);
    }

    @Test
    void hostileUploadsAreRefusedQuicklyAndNothingIsKept() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(800, 600));
        byte[] tooLarge = new byte[21 * 1024 * 1024];
        System.arraycopy(jpeg, 0, tooLarge, 0, jpeg.length);
        Hostile[] cases = {
            new Hostile("a text file named .jpg", ascii("dear diary, today I uploaded a text file\n"), "photo.jpg",
                    "image/jpeg", 415),
            new Hostile("HTML sent as image/jpeg", ascii("<html><script>alert(document.cookie)</script></html>"),
                    "cat.jpg", "image/jpeg", 415),
            new Hostile("a pixel-flood PNG", TestImages.pixelFloodPng(65000, 65000), "flood.png", "image/png", 422),
            new Hostile("a pixel-flood JPEG", TestImages.pixelFloodJpeg(65000, 65000), "flood.jpg", "image/jpeg", 422),
            new Hostile("a progressive four-component JPEG whose DCT coefficients alone exceed the native budget",
                    ProgressiveJpeg.fourComponents(7000, 7000, 1), "cmyk.jpg", "image/jpeg", 422),
            new Hostile("a truncated JPEG", TestImages.truncated(jpeg, 0.7), "cut.jpg", "image/jpeg", 422),
            new Hostile("a 21 MiB upload", tooLarge, "huge.jpg", "image/jpeg", 413),
            new Hostile("an empty file", new byte[0], "empty.png", "image/png", 415)};
        long images = countImages();
        long originals = countStoredOriginals();

        for (Hostile hostile : cases) {
            long start = System.nanoTime();
            HttpResponse<String> response = ImageApi.send(hostile.bytes, hostile.fileName, hostile.contentType);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).as(hostile.name).isEqualTo(hostile.status);
            assertThat(response.headers().firstValue("Content-Type")).as(hostile.name).contains("application/problem+json");
            JsonPath problem = JsonPath.from(response.body());
            assertThat(problem.getInt("status")).isEqualTo(hostile.status);
            assertThat(problem.getString("instance")).isEqualTo("/images");
            assertThat(millis).as("%s answered in %d ms", hostile.name, millis).isLessThan(5_000);
        }

        assertThat(countImages()).isEqualTo(images);
        assertThat(countStoredOriginals()).isEqualTo(originals);
    }

    @Test
    void anUploadIsAnswered503WithRetryAfterWhileTheDecodeMemoryIsTaken() throws Exception {
        byte[] png = TestImages.png(TestImages.quadrants(40, 30));
        long images = countImages();
        double busy = registry.get("processflow.image.decode.busy").counter().count();
        DecodeCost everything = new DecodeCost((long) capacity("heap"), (long) capacity("native"));
        try (DecodeAdmission.Admitted taken = budget.forResizes().admit(everything)) {
            long start = System.nanoTime();
            HttpResponse<String> response = ImageApi.send(png, "later.png", "image/png");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("10");
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonPath problem = JsonPath.from(response.body());
            assertThat(problem.getInt("status")).isEqualTo(503);
            assertThat(problem.getString("instance")).isEqualTo("/images");
            // It queued for the configured wait before giving up, and no longer.
            assertThat(millis).isBetween(config.decode().uploadWait().toMillis(), 5_000L);
        }
        assertThat(registry.get("processflow.image.decode.busy").counter().count()).isEqualTo(busy + 1);
        assertThat(countImages()).isEqualTo(images);

        upload(png, "now.png", "image/png").then().statusCode(202);
    }

    private double capacity(String kind) {
        return registry.get("processflow.image.decode.memory.capacity").tag("kind", kind).gauge().value();
    }

    @Test
    void anUploadWithoutAFilePartNamesTheField() {
        TestUsers.asAda().multiPart("picture", "a.png", TestImages.png(TestImages.quadrants(4, 4)), "image/png")
                .post("/images")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("file"));
        TestUsers.asAda().contentType("image/png").body(TestImages.png(TestImages.quadrants(4, 4)))
                .post("/images")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void uploadingNeedsASignedInCustomerOrAdminAndReadingIsPublic() {
        long images = countImages();
        byte[] png = TestImages.png(TestImages.quadrants(4, 4));
        for (var credentials : SignInChecks.invalidCredentials().entrySet()) {
            var request = given().multiPart("file", "a.png", png, "image/png");
            if (credentials.getValue() != null) {
                request.auth().oauth2(credentials.getValue());
            }
            request.post("/images").then()
                    .statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        }
        String roleless = TestIssuer.users().token("roleless").email("r@example.com").name("No Role").sign();
        TestUsers.as(roleless).multiPart("file", "a.png", png, "image/png").post("/images")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(countImages()).isEqualTo(images);

        String id = TestUsers.asAdmin().multiPart("file", "a.png", png, "image/png").post("/images")
                .then().statusCode(202).extract().path("id");
        ImageApi.awaitOutcome(id);
        given().get("/images/" + id).then().statusCode(200);
        given().get("/images/" + id + "/original").then().statusCode(200);
    }

    private long countImages() {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM image").getSingleResult()).longValue();
    }

    /** Originals only: variants of images accepted by other tests may still be arriving. */
    private long countStoredOriginals() throws IOException {
        Path root = config.local().directory().resolve("originals");
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private record Hostile(String name, byte[] bytes, String fileName, String contentType, int status) {
    }
}
