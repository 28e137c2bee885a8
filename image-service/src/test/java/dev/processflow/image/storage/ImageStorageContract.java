package dev.processflow.image.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ImageStorage} promises; each implementation runs these against its real back end. */
abstract class ImageStorageContract {

    @TempDir
    Path scratch;

    abstract ImageStorage storage();

    @Test
    void storesBytesAndFilesAndGivesThemBack() throws Exception {
        StorageKey fromBytes = StorageKey.variant(UUID.randomUUID(), "thumb");
        StorageKey fromFile = StorageKey.original(UUID.randomUUID());
        byte[] content = bytes(70_000, 7);
        Path file = Files.write(scratch.resolve("original"), bytes(300_000, 3));

        storage().put(fromBytes, content, "image/jpeg");
        storage().put(fromFile, file, "image/png");

        assertThat(read(fromBytes)).isEqualTo(content);
        assertThat(read(fromFile)).isEqualTo(Files.readAllBytes(file));
        assertThat(storage().get(fromFile).orElseThrow().length()).isEqualTo(300_000);
        assertThat(storage().exists(fromBytes)).isTrue();
    }

    @Test
    void aMissingObjectIsEmptyNotAnError() throws Exception {
        StorageKey missing = StorageKey.original(UUID.randomUUID());
        assertThat(storage().get(missing)).isEmpty();
        assertThat(storage().exists(missing)).isFalse();
        storage().delete(missing);
    }

    @Test
    void writingAgainReplacesAndDeleteRemoves() throws Exception {
        StorageKey key = StorageKey.variant(UUID.randomUUID(), "large");
        storage().put(key, "first".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        storage().put(key, "second".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        assertThat(new String(read(key), StandardCharsets.UTF_8)).isEqualTo("second");

        storage().delete(key);
        assertThat(storage().get(key)).isEmpty();
    }

    @Test
    void originalsAndVariantsOfOneImageAreSeparateObjects() throws Exception {
        UUID id = UUID.randomUUID();
        storage().put(StorageKey.original(id), "original".getBytes(StandardCharsets.UTF_8), "image/png");
        storage().put(StorageKey.variant(id, "small"), "small".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        storage().put(StorageKey.variant(id, "medium"), "medium".getBytes(StandardCharsets.UTF_8), "image/jpeg");

        assertThat(new String(read(StorageKey.original(id)), StandardCharsets.UTF_8)).isEqualTo("original");
        assertThat(new String(read(StorageKey.variant(id, "small")), StandardCharsets.UTF_8)).isEqualTo("small");
        storage().delete(StorageKey.variant(id, "small"));
        assertThat(storage().exists(StorageKey.original(id))).isTrue();
        assertThat(storage().exists(StorageKey.variant(id, "medium"))).isTrue();
    }

    @Test
    void readersNeverSeeAPartlyWrittenObject() throws Exception {
        StorageKey key = StorageKey.variant(UUID.randomUUID(), "large");
        byte[] a = bytes(1_500_000, 1);
        byte[] b = bytes(1_200_000, 2);
        storage().put(key, a, "image/jpeg");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> writer = pool.submit(() -> {
                for (int i = 0; i < 12; i++) {
                    storage().put(key, i % 2 == 0 ? b : a, "image/jpeg");
                }
                writing.set(false);
                return 12;
            });
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get() || reads == 0) {
                    byte[] seen = read(key);
                    assertThat(Arrays.equals(seen, a) || Arrays.equals(seen, b))
                            .as("read %d bytes that are neither version", seen.length).isTrue();
                    reads++;
                }
                return reads;
            });
            assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(12);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void keysCannotLeaveTheirPrefixes() {
        assertThatThrownBy(() -> new StorageKey("originals/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StorageKey("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageKey.variant(UUID.randomUUID(), "../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageKey.variant(UUID.randomUUID(), "Thumb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageKey.variant(UUID.fromString("3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c"), "thumb").value())
                .isEqualTo("variants/3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c/thumb");
    }

    byte[] read(StorageKey key) throws IOException {
        Optional<StoredObject> object = storage().get(key);
        assertThat(object).as("object %s", key).isPresent();
        try (InputStream in = object.get().content()) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
