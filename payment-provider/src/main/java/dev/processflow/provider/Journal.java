package dev.processflow.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider's memory across restarts: an append-only file of JSON lines, each forced to the disk before the
 * answer it records is sent. A line torn by a crash mid-write is the last one and was never answered, so opening the
 * journal cuts it off.
 */
final class Journal implements Closeable {

    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;

    Journal(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        cutTornTail();
        channel.position(channel.size());
    }

    private void cutTornTail() throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            System.err.println("payment-provider: cutting off the torn last line of " + file + " (" + (size - end) + " bytes)");
            channel.truncate(end);
            channel.force(false);
        }
    }

    /** Every complete entry written so far, oldest first. */
    List<JsonNode> entries() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                entries.add(json.readTree(lines.get(i)));
            } catch (IOException e) {
                throw new IOException("journal " + file + " is corrupt at line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }

    void append(Object entry) {
        try {
            ByteBuffer line = ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the journal " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
