package dev.processflow.image.imaging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats the service accepts, recognised by their leading bytes only: names and declared types can lie. */
public enum ImageFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp"),
    BMP("bmp", "image/bmp");

    /** How many leading bytes {@link #sniff} needs to decide. */
    public static final int SNIFF_LENGTH = 32;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String id;
    private final String mediaType;

    ImageFormat(String id, String mediaType) {
        this.id = id;
        this.mediaType = mediaType;
    }

    /** The lower-case name used in events, views and the database, e.g. {@code jpeg}. */
    public String id() {
        return id;
    }

    public String mediaType() {
        return mediaType;
    }

    public static ImageFormat fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (length >= 3 && u8(head, 0) == 0xFF && u8(head, 1) == 0xD8 && u8(head, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (length >= PNG_SIGNATURE.length && Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return Optional.of(PNG);
        }
        if (length >= 6 && ascii(head, 0, "GIF8") && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return Optional.of(GIF);
        }
        if (length >= 16 && ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP") && ascii(head, 12, "VP8")) {
            return Optional.of(WEBP);
        }
        if (length >= 18 && ascii(head, 0, "BM") && isBitmapInfoHeaderSize(le32(head, 14)) && le32(head, 6) == 0) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /** "BM" alone is too weak a signature (plenty of text starts with it); the DIB header size must be a known one. */
    private static boolean isBitmapInfoHeaderSize(long size) {
        return size == 12 || size == 16 || size == 40 || size == 52 || size == 56 || size == 64 || size == 108 || size == 124;
    }

    private static boolean ascii(byte[] bytes, int offset, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (bytes[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }

    private static long le32(byte[] bytes, int offset) {
        return (u8(bytes, offset) | u8(bytes, offset + 1) << 8 | u8(bytes, offset + 2) << 16 | (long) u8(bytes, offset + 3) << 24);
    }
}
