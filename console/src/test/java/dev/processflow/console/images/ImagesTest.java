package dev.processflow.console.images;

import static dev.processflow.testsupport.TestUsers.ADA;
import static dev.processflow.testsupport.TestUsers.asAda;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.console.support.ConsoleKafka;
import dev.processflow.console.support.SseClient;
import dev.processflow.console.support.StubServices;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.Variant;
import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An upload passes through with the user's token; the image's variants are pushed once the resize is done. */
@QuarkusTest
@QuarkusTestResource(KafkaEngine.class)
@QuarkusTestResource(IdentityEngine.class)
@QuarkusTestResource(StubServices.class)
class ImagesTest {

    @TestHTTPResource("/api/")
    URI api;

    @Test
    void theUploadReachesImageServiceAsTheUser() {
        UUID id = UUID.randomUUID();
        StubServices.answer("image", "POST", "/images", 202, Map.of("id", id.toString(), "status", "PROCESSING"));

        asAda().multiPart("file", "pixel.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png")
                .header("X-Requested-With", "JavaScript")
                .post("/api/images").then().statusCode(202).body("id", equalTo(id.toString()));
        assertThat(StubServices.requests("image")).contains("POST /images " + ADA);
    }

    @Test
    void theVariantsArePushedWhenTheResizeIsDoneUnderTheConsolesOwnPaths() throws Exception {
        ConsoleKafka.ready();
        UUID id = UUID.randomUUID();
        StubServices.answer("image", "GET", "/images/" + id, 200, image(id, "PROCESSING", List.of()));
        try (SseClient ada = new SseClient(api.resolve("images/" + id + "/stream"), TestUsers.ada())) {
            assertThat(ada.next("image", Duration.ofSeconds(20)).data().path("status").asText()).isEqualTo("PROCESSING");

            List<Map<String, Object>> variants = List.of(variant("thumb", 150), variant("small", 400));
            StubServices.answer("image", "GET", "/images/" + id, 200, image(id, "READY", variants));
            ConsoleKafka.publish(CloudEvent.create(Sources.IMAGE_SERVICE, EventType.IMAGE_RESIZED, id.toString(),
                    new ImageResized(id, List.of(new Variant("thumb", 150, 150, "jpeg", 4000),
                            new Variant("small", 400, 300, "jpeg", 20000)))));

            SseClient.Event ready = ada.next("image", Duration.ofSeconds(20));
            assertThat(ready.data().path("status").asText()).isEqualTo("READY");
            assertThat(ready.data().path("variants").findValuesAsText("url"))
                    .containsExactly("/api/images/" + id + "/variants/thumb", "/api/images/" + id + "/variants/small");
        }
    }

    private static Map<String, Object> image(UUID id, String status, List<Map<String, Object>> variants) {
        return Map.of("id", id.toString(), "status", status, "variants", variants,
                "original", Map.of("format", "png", "width", 800, "height", 600, "bytes", 1000));
    }

    private static Map<String, Object> variant(String name, int width) {
        return Map.of("name", name, "width", width, "height", width, "format", "jpeg", "bytes", 4000,
                "url", "/images/x/variants/" + name);
    }
}
