package dev.processflow.image.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where originals and variants are kept. Every write is all or nothing: a reader sees the previous object or the
 * complete new one, never a part. Writing a key again replaces it, which makes a retried resize harmless.
 */
public interface ImageStorage {

    void put(StorageKey key, Path file, String contentType) throws IOException;

    void put(StorageKey key, byte[] bytes, String contentType) throws IOException;

    /** The object's content, or empty if there is none under the key. */
    Optional<StoredObject> get(StorageKey key) throws IOException;

    boolean exists(StorageKey key) throws IOException;

    /** Removes the object; a missing one is not an error. */
    void delete(StorageKey key) throws IOException;
}
