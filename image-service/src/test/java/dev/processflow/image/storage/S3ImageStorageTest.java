package dev.processflow.image.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.image.ImageConfig;
import dev.processflow.image.S3Engine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The storage contract against a real S3-compatible server (s3proxy) in this JVM. */
class S3ImageStorageTest extends ImageStorageContract {

    private static S3ImageStorage storage;
    private static S3Client client;

    record Settings(Optional<URI> endpoint, String region, String bucket, boolean pathStyle,
            Optional<String> accessKeyId, Optional<String> secretAccessKey, Duration connectTimeout,
            Duration readTimeout, Duration callTimeout) implements ImageConfig.S3 {

        Settings(Optional<URI> endpoint, Optional<String> secretAccessKey) {
            this(endpoint, S3Engine.REGION, S3Engine.BUCKET, true, Optional.of(S3Engine.ACCESS_KEY), secretAccessKey,
                    Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
    }

    @BeforeAll
    static void connect() {
        Settings settings = new Settings(Optional.of(S3Engine.endpoint()), Optional.of(S3Engine.SECRET_KEY));
        storage = new S3ImageStorage(StorageProducer.s3Client(settings), S3Engine.BUCKET);
        client = StorageProducer.s3Client(settings);
    }

    @AfterAll
    static void close() {
        storage.close();
        client.close();
    }

    @Override
    ImageStorage storage() {
        return storage;
    }

    @Test
    void objectsAreKeyedUnderTheirPrefixWithTheirContentType() throws Exception {
        UUID id = UUID.randomUUID();
        storage.put(StorageKey.variant(id, "small"), "jpeg bytes".getBytes(StandardCharsets.UTF_8), "image/jpeg");

        ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(
                b -> b.bucket(S3Engine.BUCKET).key("variants/" + id + "/small"));
        assertThat(object.asUtf8String()).isEqualTo("jpeg bytes");
        assertThat(object.response().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void wrongCredentialsAreRefusedByTheServer() {
        Settings wrong = new Settings(Optional.of(S3Engine.endpoint()), Optional.of("not-the-secret"));
        try (S3ImageStorage intruder = new S3ImageStorage(StorageProducer.s3Client(wrong), S3Engine.BUCKET)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> intruder.put(
                    StorageKey.original(UUID.randomUUID()), new byte[] {1}, "image/png"))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aStoreThatNeverAnswersFailsTheCallWithinItsTimeouts() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                S3ImageStorage hanging = new S3ImageStorage(StorageProducer.s3Client(new Settings(
                        Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                        Optional.of(S3Engine.SECRET_KEY))), S3Engine.BUCKET)) {
            long started = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hanging.put(
                    StorageKey.original(UUID.randomUUID()), new byte[] {1}, "image/png"))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
