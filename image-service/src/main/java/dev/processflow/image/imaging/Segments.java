package dev.processflow.image.imaging;

import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.stream.ImageInputStream;

/**
 * Walks the segment headers of a JPEG (markers up to the first scan) or the chunks of a RIFF container (WebP), never the
 * pixel data, handing each one to a visitor with the stream at its payload. A visitor answers non-null to stop there.
 */
final class Segments {

    static final int SOS = 0xDA;
    static final int EOI = 0xD9;

    private static final int MAX_SEGMENTS = 1024;

    private Segments() {
    }

    @FunctionalInterface
    interface Visitor<T> {
        /** {@code type}: the JPEG marker or the RIFF four-character code; the stream is at the payload. */
        T visit(int type, long length, ImageInputStream in) throws IOException;
    }

    /**
     * Visits every JPEG segment from {@code start} (the SOI) up to and including the first SOS (its header only), or
     * until a marker is not where one must be; null if the visitor never stopped.
     */
    static <T> T jpeg(ImageInputStream in, long start, Visitor<T> visitor) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(start + 2);
        for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
            if (in.readUnsignedByte() != 0xFF) {
                return null;
            }
            int marker = in.readUnsignedByte();
            while (marker == 0xFF) {
                marker = in.readUnsignedByte();
            }
            if (marker == EOI) {
                return null;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return null;
            }
            long next = in.getStreamPosition() + length - 2;
            T result = visitor.visit(marker, length - 2, in);
            if (result != null || marker == SOS) {
                return result;
            }
            in.seek(next);
        }
        return null;
    }

    /** Visits the chunks of a RIFF container whose header (12 bytes) starts at {@code start}; null if none stopped. */
    static <T> T riff(ImageInputStream in, long start, Visitor<T> visitor) throws IOException {
        in.seek(start + 12);
        for (int chunk = 0; chunk < MAX_SEGMENTS; chunk++) {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            int type = in.readInt();
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            long length = in.readUnsignedInt();
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            long payload = in.getStreamPosition();
            T result = visitor.visit(type, length, in);
            if (result != null) {
                return result;
            }
            in.seek(payload + length + (length & 1));
        }
        return null;
    }

    static int fourCc(String code) {
        return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
    }
}
