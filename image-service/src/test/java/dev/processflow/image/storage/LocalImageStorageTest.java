package dev.processflow.image.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageStorageTest extends ImageStorageContract {

    @TempDir
    Path root;

    private LocalImageStorage storage;

    @BeforeEach
    void open() throws Exception {
        storage = new LocalImageStorage(root);
    }

    @Override
    ImageStorage storage() {
        return storage;
    }

    @Test
    void keysBecomeFilesUnderTheRootAndNoTemporaryFileStays() throws Exception {
        UUID id = UUID.randomUUID();
        storage.put(StorageKey.original(id), new byte[] {1, 2, 3}, "image/png");
        storage.put(StorageKey.variant(id, "thumb"), new byte[] {4}, "image/jpeg");

        assertThat(root.resolve("originals").resolve(id.toString())).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(root.resolve("variants").resolve(id.toString()).resolve("thumb")).hasBinaryContent(new byte[] {4});
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(2);
        }
    }
}
