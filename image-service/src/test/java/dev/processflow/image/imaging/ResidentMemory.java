package dev.processflow.image.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux counts it, which is what a container limit kills for: the heap's touched
 * pages and everything outside it, libjpeg's buffers included.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {
    }

    /** Whether this system lets the peak be reset, as Linux does. */
    public static boolean measurable() {
        return Files.isWritable(CLEAR_REFS) && Files.isReadable(STATUS);
    }

    public static long current() {
        return field("VmRSS:");
    }

    /** The most resident memory since the process started or since {@link #resetPeak}. */
    public static long peak() {
        return field("VmHWM:");
    }

    /** Starts a new peak from now (Linux 4.0 and later: writing 5 to clear_refs). */
    public static void resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + " is not in " + STATUS);
    }
}
