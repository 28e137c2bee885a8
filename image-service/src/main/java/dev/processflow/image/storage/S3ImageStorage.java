package dev.processflow.image.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Keeps objects in one S3 bucket (AWS, or any S3-compatible server). A PUT is atomic in S3 itself: the object appears
 * whole once the request succeeded. SDK failures surface as IOExceptions, so callers treat both stores alike.
 */
public class S3ImageStorage implements ImageStorage, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public S3ImageStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(StorageKey key, Path file, String contentType) throws IOException {
        try {
            s3.putObject(request(key, contentType), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failed("write", key, e);
        }
    }

    @Override
    public void put(StorageKey key, byte[] bytes, String contentType) throws IOException {
        try {
            s3.putObject(request(key, contentType), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failed("write", key, e);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> object = s3.getObject(b -> b.bucket(bucket).key(key.value()));
            return Optional.of(new StoredObject(object, object.response().contentLength()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed("read", key, e);
        }
    }

    @Override
    public boolean exists(StorageKey key) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key.value()).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failed("look up", key, e);
        } catch (SdkException e) {
            throw failed("look up", key, e);
        }
    }

    @Override
    public void delete(StorageKey key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key.value()));
        } catch (SdkException e) {
            throw failed("delete", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private PutObjectRequest request(StorageKey key, String contentType) {
        return PutObjectRequest.builder().bucket(bucket).key(key.value()).contentType(contentType).build();
    }

    private IOException failed(String action, StorageKey key, SdkException e) {
        return new IOException("could not " + action + " s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
}
