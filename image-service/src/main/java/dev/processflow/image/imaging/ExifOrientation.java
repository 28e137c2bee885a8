package dev.processflow.image.imaging;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF orientation of a JPEG (APP1), PNG (eXIf) or WebP (EXIF chunk) by walking the container's segment
 * headers only, never the pixel data. Broken or absent EXIF reads as upright: orientation is a hint, not a reason to
 * refuse an image.
 */
public final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int MAX_SEGMENTS = 1024;

    private ExifOrientation() {
    }

    public static Orientation read(ImageFormat format, ImageInputStream in) throws IOException {
        long start = in.getStreamPosition();
        ByteOrder order = in.getByteOrder();
        try {
            return switch (format) {
                case JPEG -> fromJpeg(in, start);
                case PNG -> fromPng(in, start);
                case WEBP -> fromWebp(in, start);
                default -> Orientation.NORMAL;
            };
        } catch (EOFException e) {
            return Orientation.NORMAL;
        } finally {
            in.setByteOrder(order);
            in.seek(start);
        }
    }

    private static Orientation fromJpeg(ImageInputStream in, long start) throws IOException {
        Orientation found = Segments.jpeg(in, start, (marker, length, segment) ->
                marker == 0xE1 && length >= 6 && isExifHeader(segment)
                        ? tiffOrientation(segment, segment.getStreamPosition()) : null);
        return found == null ? Orientation.NORMAL : found;
    }

    private static boolean isExifHeader(ImageInputStream in) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        return header[0] == 'E' && header[1] == 'x' && header[2] == 'i' && header[3] == 'f' && header[4] == 0 && header[5] == 0;
    }

    private static Orientation fromPng(ImageInputStream in, long start) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(start + 8);
        for (int chunk = 0; chunk < MAX_SEGMENTS; chunk++) {
            long length = in.readUnsignedInt();
            int type = in.readInt();
            if (type == Segments.fourCc("eXIf")) {
                return tiffOrientation(in, in.getStreamPosition());
            }
            if (type == Segments.fourCc("IEND")) {
                return Orientation.NORMAL;
            }
            in.seek(in.getStreamPosition() + length + 4);
        }
        return Orientation.NORMAL;
    }

    private static Orientation fromWebp(ImageInputStream in, long start) throws IOException {
        Orientation found = Segments.riff(in, start, (type, length, chunk) -> {
            if (type != Segments.fourCc("EXIF")) {
                return null;
            }
            long payload = chunk.getStreamPosition();
            // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
            return isExifHeader(chunk) ? tiffOrientation(chunk, payload + 6) : tiffOrientation(chunk, payload);
        });
        return found == null ? Orientation.NORMAL : found;
    }

    /** Reads tag 0x0112 from IFD0 of the TIFF structure starting at {@code tiffStart}. */
    private static Orientation tiffOrientation(ImageInputStream in, long tiffStart) throws IOException {
        in.seek(tiffStart);
        int byteOrder = in.readUnsignedShort();
        if (byteOrder == 0x4949) {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (byteOrder == 0x4D4D) {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return Orientation.NORMAL;
        }
        if (in.readUnsignedShort() != 42) {
            return Orientation.NORMAL;
        }
        long ifd0 = in.readUnsignedInt();
        in.seek(tiffStart + ifd0);
        int entries = in.readUnsignedShort();
        for (int i = 0; i < entries; i++) {
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long count = in.readUnsignedInt();
            if (tag == ORIENTATION_TAG && type == TYPE_SHORT && count == 1) {
                return Orientation.ofExif(in.readUnsignedShort());
            }
            in.skipBytes(4);
        }
        return Orientation.NORMAL;
    }
}
