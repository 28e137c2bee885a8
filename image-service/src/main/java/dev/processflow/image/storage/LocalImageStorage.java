package dev.processflow.image.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps objects as files under one directory, a key's prefixes becoming sub-directories. A write goes to a temporary
 * file in the target's directory first and is then moved over the target atomically, so a crash leaves either the old
 * file or the new one, never half of one.
 */
public class LocalImageStorage implements ImageStorage {

    private static final String TEMPORARY_SUFFIX = ".partial";

    private final Path root;

    public LocalImageStorage(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public void put(StorageKey key, Path file, String contentType) throws IOException {
        Path target = resolve(key);
        Path temporary = temporaryFor(target);
        try {
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void put(StorageKey key, byte[] bytes, String contentType) throws IOException {
        Path target = resolve(key);
        Path temporary = temporaryFor(target);
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                out.write(bytes);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) throws IOException {
        Path file = resolve(key);
        try {
            return Optional.of(new StoredObject(Files.newInputStream(file), Files.size(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(StorageKey key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(StorageKey key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    /** The key's file; keys are validated on construction, and this checks again that it stays under the root. */
    private Path resolve(StorageKey key) {
        Path file = root.resolve(key.value()).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key escapes the storage directory: " + key);
        }
        return file;
    }

    private static Path temporaryFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), target.getFileName().toString() + ".", TEMPORARY_SUFFIX);
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the storage directory does not support atomic moves: " + target.getParent(), e);
        }
    }
}
