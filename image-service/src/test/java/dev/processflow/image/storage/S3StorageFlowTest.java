package dev.processflow.image.storage;

import static dev.processflow.image.api.ImageApi.awaitOutcome;
import static dev.processflow.image.api.ImageApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.image.S3Engine;
import dev.processflow.image.api.ImageApi;
import dev.processflow.image.imaging.TestImages;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.processflow.testsupport.PostgresEngine;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The whole flow with {@code processflow.image.storage=s3}, against the s3proxy server. */
@QuarkusTest
@WithTestResource(value = S3Engine.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class S3StorageFlowTest {

    @Inject
    ImageStorage storage;

    @Test
    void originalsAndVariantsLiveInTheBucketUnderTheirPrefixes() {
        assertThat(ClientProxy.unwrap(storage)).isInstanceOf(S3ImageStorage.class);
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(1600, 1200));
        String id = upload(jpeg, "s3.jpg", "image/jpeg").then().statusCode(202).extract().path("id");

        assertThat(awaitOutcome(id)).isEqualTo("READY");
        byte[] original = given().get("/images/" + id + "/original").then().statusCode(200).extract().asByteArray();
        assertThat(original).isEqualTo(jpeg);
        byte[] medium = given().get("/images/" + id + "/variants/medium").then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        assertThat(ImageApi.sha256(medium)).isEqualTo(
                given().get("/images/" + id + "/variants/medium").header("ETag").replace("\"", ""));

        S3ImageStorageTest.Settings settings = new S3ImageStorageTest.Settings(Optional.of(S3Engine.endpoint()),
                Optional.of(S3Engine.SECRET_KEY));
        try (S3Client s3 = StorageProducer.s3Client(settings)) {
            List<String> originals = keys(s3, "originals/" + id);
            List<String> variants = keys(s3, "variants/" + id + "/");
            assertThat(originals).containsExactly("originals/" + id);
            assertThat(variants).containsExactlyInAnyOrder("variants/" + id + "/thumb", "variants/" + id + "/small",
                    "variants/" + id + "/medium", "variants/" + id + "/large");
        }
    }

    /** A slow store must not hold a database connection and transaction for as long as it takes. */
    @Test
    void noDatabaseTransactionIsOpenWhileTheStoreAnswers() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(640, 480));
        String id = upload(jpeg, "slow.jpg", "image/jpeg").then().statusCode(202).extract().path("id");
        assertThat(awaitOutcome(id)).isEqualTo("READY");

        for (String path : List.of("/original", "/variants/small")) {
            String key = path.equals("/original") ? "originals/" + id : "variants/" + id + "/small";
            CompletableFuture<Integer> read;
            try (S3Engine.HeldGets held = S3Engine.holdGets(key)) {
                read = CompletableFuture.supplyAsync(() -> given().get("/images/" + id + path).statusCode());
                held.awaitHolding(Duration.ofSeconds(20));
                assertThat(transactionsLeftOpenReadingImages()).as(path).isZero();
            }
            assertThat(read.get(30, TimeUnit.SECONDS)).as(path).isEqualTo(200);
        }
    }

    /** Sessions idle inside a transaction whose last statement read the image table, sampled for half a second. */
    private static int transactionsLeftOpenReadingImages() throws Exception {
        int seen = 0;
        try (Connection db = DriverManager.getConnection(PostgresEngine.jdbcUrl(), "postgres", "postgres");
                PreparedStatement open = db.prepareStatement("select count(*) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()"
                        + " and state like 'idle in transaction%' and query ilike '%from image%'")) {
            for (int sample = 0; sample < 10; sample++) {
                try (ResultSet rows = open.executeQuery()) {
                    rows.next();
                    seen = Math.max(seen, rows.getInt(1));
                }
                Thread.sleep(50);
            }
        }
        return seen;
    }

    private static List<String> keys(S3Client s3, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(S3Engine.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

}
