package dev.processflow.image.storage;

import dev.processflow.image.ImageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Picks the storage named by {@code processflow.image.storage}: {@code local} (the default) or {@code s3}. */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @ApplicationScoped
    ImageStorage storage(ImageConfig config) {
        if (config.storage() == ImageConfig.StorageKind.S3) {
            return new S3ImageStorage(s3Client(config.s3()), config.s3().bucket());
        }
        try {
            return new LocalImageStorage(config.local().directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + config.local().directory() + " for image storage", e);
        }
    }

    void close(@Disposes ImageStorage storage) {
        if (storage instanceof S3ImageStorage s3) {
            s3.close();
        }
    }

    static S3Client s3Client(ImageConfig.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials(s3))
                // The JDK's HTTP client: no Apache or Netty on the class path, fewer native-image surprises. Every call
                // is bounded, so a store that is down or hangs fails the call (and the resize waits and retries)
                // instead of holding a consumer forever.
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(s3.connectTimeout())
                        .socketTimeout(s3.readTimeout())
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(s3.callTimeout())
                        .build())
                // Many S3-compatible servers reject the newer default trailing checksums; S3 does not need them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s3.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ImageConfig.S3 s3) {
        if (s3.accessKeyId().isPresent() && s3.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId().get(), s3.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
