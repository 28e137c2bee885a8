package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The image flow across real processes: upload, resize function, storage, cached serving, hostile input. */
@ExtendWith(RunningStack.class)
class ImageFlowSystemTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void uploadedPhotoBecomesFourServedVariants(RunningStack.Handle stack) throws Exception {
        String base = stack.stack().layout().service("image-service").url();
        Http.Reply upload = stack.shop().http().postMultipart(base + "/images", "file", "photo.bin", photo(1600, 1200),
                stack.shop().token("grace"));
        assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
        String id = upload.body().get("id").asText();

        JsonNode image = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> stack.shop().http().get(base + "/images/" + id).body(),
                        body -> !"PROCESSING".equals(body.get("status").asText()));
        assertThat(image.get("status").asText()).isEqualTo("READY");
        assertThat(image.get("original").get("format").asText()).isEqualTo("jpeg");
        List<String> sizes = new ArrayList<>();
        image.get("variants").forEach(v -> sizes.add(v.get("name").asText() + " " + v.get("width").asInt() + "x" + v.get("height").asInt()));
        assertThat(sizes).containsExactlyInAnyOrder("thumb 150x150", "small 400x300", "medium 1024x768", "large 1600x1200");

        HttpResponse<byte[]> medium = client.send(HttpRequest.newBuilder(URI.create(base + "/images/" + id + "/variants/medium")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(medium.statusCode()).isEqualTo(200);
        assertThat(medium.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(medium.body())).getWidth()).isEqualTo(1024);
        String etag = medium.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> cached = client.send(HttpRequest.newBuilder(URI.create(base + "/images/" + id + "/variants/medium"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(cached.statusCode()).isEqualTo(304);
    }

    @Test
    void textPretendingToBeAJpegIsRefused(RunningStack.Handle stack) throws IOException {
        String base = stack.stack().layout().service("image-service").url();
        Http.Reply reply = stack.shop().http().postMultipart(base + "/images", "file", "cat.jpg",
                "definitely not an image".getBytes(StandardCharsets.UTF_8), stack.shop().token("ada"));
        assertThat(reply.status()).isEqualTo(415);
    }

    private static byte[] photo(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
