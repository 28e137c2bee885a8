package dev.processflow.image;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A real S3-compatible server (s3proxy, in-memory blob store, AWS signature checking on) started once per test JVM
 * on a free port, with one bucket. Its endpoint is kept in a system property, like the other engines', so a second
 * Quarkus class loader reuses the running server. As a test resource it switches the service to S3 storage.
 */
public class S3Engine implements QuarkusTestResourceLifecycleManager {

    public static final String ENDPOINT_PROPERTY = "processflow.test.s3.endpoint";
    public static final String BUCKET = "processflow-images-test";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    /** While set to an object key, the server holds back its answer to every GET of that key (a slow store). */
    static final String HOLD_GET_PROPERTY = "processflow.test.s3.hold-get";
    /** Set by the server to the key of the GET it is holding back. */
    static final String HOLDING_PROPERTY = "processflow.test.s3.holding";
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(30);

    @Override
    public Map<String, String> start() {
        return Map.of(
                "processflow.image.storage", "s3",
                "processflow.image.s3.endpoint", endpoint().toString(),
                "processflow.image.s3.region", REGION,
                "processflow.image.s3.bucket", BUCKET,
                "processflow.image.s3.path-style", "true",
                "processflow.image.s3.access-key-id", ACCESS_KEY,
                "processflow.image.s3.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        // the server outlives each Quarkus application and stops with the JVM
    }

    public static synchronized URI endpoint() {
        String running = System.getProperty(ENDPOINT_PROPERTY);
        if (running != null) {
            return URI.create(running);
        }
        BlobStore store = new SlowableBlobStore(new TransientNio2BlobStore());
        store.createContainer(BUCKET);
        URI endpoint = URI.create("http://127.0.0.1:" + freePort());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "s3-engine-stop"));
        System.setProperty(ENDPOINT_PROPERTY, endpoint.toString());
        return endpoint;
    }

    /**
     * Holds back the store's answers to GETs of {@code key} until closed. The hold lives in system properties, not in
     * a field: the server was started by whichever Quarkus class loader came first.
     */
    public static HeldGets holdGets(String key) {
        System.clearProperty(HOLDING_PROPERTY);
        System.setProperty(HOLD_GET_PROPERTY, key);
        return new HeldGets(key);
    }

    public record HeldGets(String key) implements AutoCloseable {

        /** Waits until a GET of the key is being held back. */
        public void awaitHolding(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!key.equals(System.getProperty(HOLDING_PROPERTY))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no GET of " + key + " reached the store within " + timeout);
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() {
            System.clearProperty(HOLD_GET_PROPERTY);
        }
    }

    private static final class SlowableBlobStore extends ForwardingBlobStore {

        SlowableBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            long deadline = System.nanoTime() + LONGEST_HOLD.toNanos();
            while (request.key().equals(System.getProperty(HOLD_GET_PROPERTY)) && System.nanoTime() < deadline) {
                System.setProperty(HOLDING_PROPERTY, request.key());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return super.getBlob(request);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
