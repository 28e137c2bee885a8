package dev.processflow.image.imaging;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a JPEG is whole: its segments chain up to at least one scan and the scans run to an EOI marker. Decoders
 * fill a truncated JPEG with grey and only warn, so truncation has to be found in the structure.
 */
final class JpegStructure {

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegStructure() {
    }

    static boolean isComplete(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            if (read(in) != 0xFF || read(in) != 0xD8) {
                return false;
            }
            boolean scanned = false;
            int marker = nextMarker(in);
            while (true) {
                if (marker < 0) {
                    return false;
                }
                if (marker == EOI) {
                    return scanned;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    marker = nextMarker(in);
                    continue;
                }
                int length = read(in) << 8 | read(in);
                if (length < 2) {
                    return false;
                }
                in.skipNBytes(length - 2);
                if (marker == SOS) {
                    scanned = true;
                    marker = skipEntropyCodedData(in);
                } else {
                    marker = nextMarker(in);
                }
            }
        } catch (EOFException e) {
            return false;
        }
    }

    /** Reads {@code FF xx} between segments; anything else there is damage. */
    private static int nextMarker(InputStream in) throws IOException {
        if (read(in) != 0xFF) {
            return -1;
        }
        int marker = read(in);
        while (marker == 0xFF) {
            marker = read(in);
        }
        return marker;
    }

    /** Skips a scan's data (where FF is stuffed as FF 00 and restart markers may appear) up to the next marker. */
    private static int skipEntropyCodedData(InputStream in) throws IOException {
        while (true) {
            if (read(in) != 0xFF) {
                continue;
            }
            int next = read(in);
            while (next == 0xFF) {
                next = read(in);
            }
            if (next != 0x00 && (next < 0xD0 || next > 0xD7)) {
                return next;
            }
        }
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }
}
