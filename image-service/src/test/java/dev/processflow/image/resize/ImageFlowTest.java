package dev.processflow.image.resize;

import static dev.processflow.image.api.ImageApi.awaitOutcome;
import static dev.processflow.image.api.ImageApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.image.ImageFailed;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.image.Variant;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.image.api.ImageApi;
import dev.processflow.image.imaging.OutputInspection;
import dev.processflow.image.imaging.ProgressiveJpeg;
import dev.processflow.image.imaging.TestImages;
import dev.processflow.image.storage.ImageStorage;
import dev.processflow.image.storage.StorageKey;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageFlowTest {

    private static final Map<String, String> SIZES = Map.of(
            "thumb", "150x150", "small", "267x400", "medium", "683x1024", "large", "1365x2048");

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch images;
    private TopicWatch deadLetters;

    @Inject
    EntityManager entityManager;

    @Inject
    ImageStorage storage;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    void watch() {
        images = TopicWatch.of(kafka, "images");
        deadLetters = TopicWatch.of(kafka, "images.dlq");
    }

    @AfterAll
    void close() {
        images.close();
        deadLetters.close();
    }

    @Test
    void anUploadBecomesReadyWithFourUprightVariantsServedImmutable() {
        // Stored sideways with EXIF orientation 6, as phones do: upright it is 2000 x 3000.
        BufferedImage upright = TestImages.quadrants(2000, 3000);
        byte[] jpeg = TestImages.jpegWithExif(TestImages.storedFor(upright, 6), 6);
        String id = upload(jpeg, "phone.jpg", "image/jpeg").then().statusCode(202).extract().path("id");

        assertThat(awaitOutcome(id)).isEqualTo("READY");
        Response image = given().get("/images/" + id);
        image.then().statusCode(200)
                .body("original.width", equalTo(2000))
                .body("original.height", equalTo(3000))
                .body("failureReason", nullValue());
        List<Map<String, Object>> variants = image.path("variants");
        assertThat(variants).extracting(v -> v.get("name")).containsExactly("thumb", "small", "medium", "large");
        for (Map<String, Object> variant : variants) {
            String name = (String) variant.get("name");
            assertThat(variant.get("width") + "x" + variant.get("height")).isEqualTo(SIZES.get(name));
            assertThat(variant.get("format")).isEqualTo("jpeg");
            assertThat(variant.get("url")).isEqualTo("/images/" + id + "/variants/" + name);

            Response served = given().get((String) variant.get("url"));
            served.then().statusCode(200).contentType("image/jpeg")
                    .header("Cache-Control", "public, max-age=31536000, immutable");
            byte[] bytes = served.asByteArray();
            assertThat(bytes.length).isEqualTo(((Number) variant.get("bytes")).intValue());
            assertThat(served.header("ETag")).isEqualTo("\"" + ImageApi.sha256(bytes) + "\"");
            BufferedImage decoded = OutputInspection.decode(bytes);
            assertThat(decoded.getWidth() + "x" + decoded.getHeight()).isEqualTo(SIZES.get(name));
            // Upright: red top left, yellow bottom right, as in the picture before it was stored sideways.
            assertThat(decoded.getRGB(decoded.getWidth() / 4, decoded.getHeight() / 8) >> 16 & 0xFF).isGreaterThan(180);
            assertThat(decoded.getRGB(decoded.getWidth() * 3 / 4, decoded.getHeight() * 7 / 8) >> 8 & 0xFF)
                    .isGreaterThan(180);
            assertThat(OutputInspection.contains(bytes, "Exif")).isFalse();
            assertThat(OutputInspection.contains(bytes, "Acme")).isFalse();

            given().header("If-None-Match", served.header("ETag")).get((String) variant.get("url"))
                    .then().statusCode(304).header("ETag", served.header("ETag")).body(emptyString());
        }

        Response original = given().get("/images/" + id + "/original");
        original.then().statusCode(200).contentType("image/jpeg")
                .header("ETag", "\"" + ImageApi.sha256(jpeg) + "\"")
                .header("Cache-Control", "public, max-age=31536000, immutable");
        assertThat(original.asByteArray()).isEqualTo(jpeg);
        given().header("If-None-Match", "\"something-else\", W/\"" + ImageApi.sha256(jpeg) + "\"")
                .get("/images/" + id + "/original").then().statusCode(304);
        given().header("If-None-Match", "\"something-else\"").get("/images/" + id + "/original").then().statusCode(200);

        ConsumerRecord<String, String> record = images.await(TestEvents.ofType(EventType.IMAGE_RESIZED, id));
        ImageResized resized = (ImageResized) TestEvents.decode(record).data();
        assertThat(resized.variants()).extracting(Variant::name).containsExactly("thumb", "small", "medium", "large");
        assertThat(resized.variants()).allMatch(v -> v.format().equals("jpeg") && v.bytes() > 0);
        assertThat(resized.variants().get(3).width()).isEqualTo(1365);
    }

    @Test
    void transparentImagesGetPngVariants() {
        BufferedImage picture = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        picture.setRGB(0, 0, 0x00FFFFFF);
        String id = upload(TestImages.png(picture), "logo.png", "image/png").then().statusCode(202).extract().path("id");

        assertThat(awaitOutcome(id)).isEqualTo("READY");
        given().get("/images/" + id).then().body("variants.format", org.hamcrest.Matchers.everyItem(equalTo("png")));
        given().get("/images/" + id + "/variants/small").then().statusCode(200).contentType("image/png");
    }

    @Test
    void aRedeliveredUploadIsResizedOnce() {
        String id = upload(TestImages.jpeg(TestImages.gradient(900, 600)), "a.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        assertThat(awaitOutcome(id)).isEqualTo("READY");
        ConsumerRecord<String, String> uploaded = images.await(TestEvents.ofType(EventType.IMAGE_UPLOADED, id));
        CloudEvent<?> event = TestEvents.decode(uploaded);
        String firstEtag = given().get("/images/" + id + "/variants/large").header("ETag");

        // The very same event again (a redelivery), and a copy with a new id (a replayed or duplicated publish).
        CloudEvent<?> copy = new CloudEvent<>(UUID.randomUUID(), event.source(), event.type(), event.subject(),
                event.time(), event.data());
        kafka.produceStrings().fromRecords(TestEvents.record(event), TestEvents.record(copy)).awaitCompletion();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed(copy.id()));
        // Give a stray second resize every chance to show up before concluding there is none.
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> images.matching(TestEvents.ofType(EventType.IMAGE_RESIZED, id)).size() == 1);
        assertThat(images.matching(TestEvents.ofType(EventType.IMAGE_FAILED, id))).isEmpty();
        assertThat(given().get("/images/" + id + "/variants/large").header("ETag")).isEqualTo(firstEtag);
        given().get("/images/" + id).then().body("variants.size()", equalTo(4));
    }

    @Test
    void anImageThatCannotBeDecodedFailsWithAReason() throws Exception {
        byte[] damaged = TestImages.jpeg(TestImages.gradient(300, 200));
        for (int i = 120; i < 700; i++) {
            damaged[i] = (byte) 0xFF;
        }
        UUID id = storeAroundTheUploadChecks(damaged, 300, 200);

        assertThat(awaitOutcome(id.toString())).isEqualTo("FAILED");
        given().get("/images/" + id).then()
                .body("failureReason", containsString("cannot be decoded"))
                .body("variants.size()", equalTo(0));
        given().get("/images/" + id + "/variants/thumb").then().statusCode(404);
        ImageFailed failed = (ImageFailed) TestEvents.decode(
                images.await(TestEvents.ofType(EventType.IMAGE_FAILED, id.toString()))).data();
        assertThat(failed.reason()).contains("cannot be decoded");
        assertThat(storage.exists(StorageKey.variant(id, "thumb"))).isFalse();
    }

    @Test
    void anImageWhoseResizeCouldNeverFitTheDecodeBudgetFailsWithAReasonInsteadOfWaitingForEver() throws Exception {
        // 8000 x 8000, progressive 4:4:4: 384 MB of DCT coefficients, more than the native budget of 316 MB.
        UUID id = storeAroundTheUploadChecks(ProgressiveJpeg.full(8000, 8000, 1), 8000, 8000);

        assertThat(awaitOutcome(id.toString())).isEqualTo("FAILED");
        given().get("/images/" + id).then()
                .body("failureReason", containsString("needs"))
                .body("failureReason", containsString("MiB of native memory"));
        ImageFailed failed = (ImageFailed) TestEvents.decode(
                images.await(TestEvents.ofType(EventType.IMAGE_FAILED, id.toString()))).data();
        assertThat(failed.reason()).contains("more than a budget of");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry
                .get("processflow.image.decode.memory.reserved").tag("kind", "native").gauge().value() == 0);
    }

    /** Stores and records an image directly, then announces it: what the upload checks would have refused gets in. */
    private UUID storeAroundTheUploadChecks(byte[] bytes, int width, int height) throws Exception {
        UUID id = UUID.randomUUID();
        storage.put(StorageKey.original(id), bytes, "image/jpeg");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO image (id, status, format, width, height, bytes, sha256, created_at, updated_at)
                VALUES (?1, 'PROCESSING', 'jpeg', ?4, ?5, ?2, ?3, now(), now())""")
                .setParameter(1, id).setParameter(2, bytes.length).setParameter(3, ImageApi.sha256(bytes))
                .setParameter(4, width).setParameter(5, height)
                .executeUpdate());
        kafka.produceStrings().fromRecords(TestEvents.record(CloudEvent.create(Sources.IMAGE_SERVICE,
                EventType.IMAGE_UPLOADED, id.toString(),
                new ImageUploaded(id, "jpeg", width, height, bytes.length, ImageApi.sha256(bytes))))).awaitCompletion();
        return id;
    }

    @Test
    void poisonRecordsAreDeadLetteredAndTheFlowGoesOn() {
        String notJson = "poison-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        kafka.produceStrings().fromRecords(TestEvents.raw("images", key, "{not json",
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/test",
                "ce_type", "processflow.image.uploaded", "ce_subject", key, "ce_time", Instant.now().toString()))
                .awaitCompletion();
        kafka.produceStrings().fromRecords(TestEvents.raw("images", notJson, "no CloudEvent at all")).awaitCompletion();
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, String> order = TestEvents.record(CloudEvent.create(Sources.ORDER_SERVICE,
                EventType.ORDER_REJECTED, orderId.toString(), new OrderRejected(orderId,
                        new Customer("customer-a", "a@example.com", "A"), RejectionReason.TIMEOUT, "on the wrong topic", Instant.now())));
        kafka.produceStrings().fromRecords(new ProducerRecord<>("images", null, order.key(), order.value(),
                order.headers())).awaitCompletion();
        UUID unknown = UUID.randomUUID();
        kafka.produceStrings().fromRecords(TestEvents.record(CloudEvent.create(Sources.IMAGE_SERVICE,
                EventType.IMAGE_UPLOADED, unknown.toString(),
                new ImageUploaded(unknown, "png", 1, 1, 10, "0".repeat(64))))).awaitCompletion();

        ConsumerRecord<String, String> dead = deadLetters.await(r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(TestEvents.header(dead, "dead-letter-reason")).isNotBlank();
        deadLetters.await(r -> notJson.equals(r.key()));
        ConsumerRecord<String, String> wrongType = deadLetters.await(r -> orderId.toString().equals(r.key()));
        assertThat(TestEvents.header(wrongType, "ce_type")).isEqualTo("processflow.order.rejected");
        deadLetters.await(r -> unknown.toString().equals(r.key()));

        String id = upload(TestImages.png(TestImages.quadrants(20, 20)), "after.png", "image/png")
                .then().statusCode(202).extract().path("id");
        assertThat(awaitOutcome(id)).isEqualTo("READY");
    }

    @Test
    void unknownImagesAndVariantsAre404AndNoPathReachesStorage() {
        String id = upload(TestImages.png(TestImages.quadrants(20, 20)), "p.png", "image/png")
                .then().statusCode(202).extract().path("id");
        assertThat(awaitOutcome(id)).isEqualTo("READY");

        given().get("/images/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().get("/images/" + UUID.randomUUID() + "/original").then().statusCode(404);
        given().get("/images/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get("/images/" + id + "/variants/huge").then().statusCode(404).contentType("application/problem+json");
        given().get("/images/" + id + "/variants/..%2F..%2Foriginals%2F" + id).then().statusCode(404);
        given().get("/images/..%2F..%2Fetc%2Fpasswd/original").then().statusCode(404);
        given().get("/images/" + UUID.randomUUID() + "/variants/thumb").then().statusCode(404);
        given().get("/images/" + id + "/variants/thumb").then().statusCode(200);
    }

    @Test
    void resizesTakeOneOfASlotPerCoreAndGiveItBack() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(registry.get("processflow.image.resize.slots").gauge().value()).isEqualTo(cores);
        List<String> ids = java.util.stream.IntStream.range(0, cores + 2)
                .mapToObj(i -> upload(TestImages.jpeg(TestImages.gradient(1200 + i, 900)), i + ".jpg", "image/jpeg")
                        .then().statusCode(202).extract().<String>path("id"))
                .toList();
        for (String id : ids) {
            assertThat(awaitOutcome(id)).isEqualTo("READY");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                registry.get("processflow.image.resize.slots.free").gauge().value() == cores);
        assertThat(registry.get("processflow.image.resize").timer().count()).isGreaterThanOrEqualTo(ids.size());
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager.createNativeQuery(
                "SELECT 1 FROM processed_event WHERE event_id = ?1").setParameter(1, eventId).getResultList().isEmpty());
    }
}
