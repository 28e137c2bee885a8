package dev.processflow.image.storage;

import java.io.IOException;
import java.io.InputStream;

/** An object's bytes, to be closed by the reader, and their length. */
public record StoredObject(InputStream content, long length) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        content.close();
    }
}
