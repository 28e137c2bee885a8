package dev.processflow.image.api;

import static io.restassured.RestAssured.given;

import dev.processflow.testsupport.TestUsers;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Drives the REST API the way a client would. */
public final class ImageApi {

    private ImageApi() {
    }

    /** Uploads as Ada, a signed-in customer. */
    public static Response upload(byte[] bytes, String fileName, String contentType) {
        return TestUsers.asAda().multiPart("file", fileName, bytes, contentType).post("/images");
    }

    /**
     * Uploads as Ada with the JDK's HTTP client, which streams a large body at full speed (REST Assured's multipart encoding
     * takes seconds for 21 MiB), so the time measured is the server's.
     */
    public static HttpResponse<String> send(byte[] bytes, String fileName, String contentType) {
        String boundary = "processflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/images"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + TestUsers.ada())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the image is no longer PROCESSING and returns its status. */
    public static String awaitOutcome(String id) {
        return awaitOutcome(id, Duration.ofSeconds(60));
    }

    public static String awaitOutcome(String id, Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/images/" + id).then().statusCode(200).extract().<String>path("status"),
                        status -> !"PROCESSING".equals(status));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
