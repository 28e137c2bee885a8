package dev.processflow.image.imaging;

import java.awt.Rectangle;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * What decoding one image will hold in memory, read from its header before any pixel is decoded: the size of a
 * decoded pixel, and what its decoder keeps whatever part of the image is asked for. The figures are the decoders'
 * own, measured here (module README, "Memory"):
 * <ul>
 * <li>a JPEG with more than one scan (every progressive one) makes libjpeg, under both ImageIO and TwelveMonkeys, hold
 * the DCT coefficients of the whole image outside the heap, 2 bytes each: 6 bytes per pixel at 4:4:4, 3 at 4:2:0 (a
 * 49 MP progressive JPEG: 294 or 147 MB), for every read however small its region or subsampling, and every read
 * repeats all the scans. A single-scan JPEG streams.</li>
 * <li>TwelveMonkeys decodes a WebP whole whatever the region asked for: about 23 bytes of heap per pixel for lossy
 * (its macroblocks), 7 for lossless; and a lossless JPEG (SOF3), as integers per sample.</li>
 * <li>PNG, GIF and BMP stream rows into the destination; BMP reads its compressed data whole first.</li>
 * </ul>
 */
public record DecodeProfile(ImageInfo info, int bytesPerPixel, long nativeBytes, long wholeImageBytes,
        long headerBytes, boolean rereadsAllScans) {

    /** The trial decode's longest side; subsampling keeps what it allocates tiny whatever the image size. */
    static final int TRIAL_SIZE = 256;
    /** The reader, its stream buffer and colour tables. */
    static final long READER_HEAP = 4L << 20;
    /** libjpeg's or zlib's state besides its rows and coefficients. */
    static final long READER_NATIVE = 2L << 20;
    /** The destination, and the decoder's own copy of what it writes there (TwelveMonkeys' raster, PNG rows). */
    static final int DECODE_COPIES = 2;
    /** Scanline buffers, per pixel of width. */
    static final int DECODER_BYTES_PER_COLUMN = 64;
    static final int WEBP_LOSSY_BYTES_PER_PIXEL = 28;
    static final int WEBP_LOSSLESS_BYTES_PER_PIXEL = 8;
    static final int WEBP_ALPHA_BYTES_PER_PIXEL = 4;
    /** TwelveMonkeys' lossless JPEG decoder: an int per sample, then the whole image again. */
    static final int LOSSLESS_JPEG_BYTES_PER_SAMPLE = 8;
    /** The widest decoded pixel (16-bit RGBA), assumed when a reader cannot tell. */
    static final int MAX_BYTES_PER_PIXEL = 8;

    /**
     * Reads the profile from {@code in}, positioned at the image's first byte, and hands {@code in} to {@code reader}
     * (metadata ignored) for the decode that follows.
     */
    public static DecodeProfile read(ImageFormat format, ImageInputStream in, ImageReader reader) throws IOException {
        Orientation orientation = ExifOrientation.read(format, in);
        long start = in.getStreamPosition();
        Container container = switch (format) {
            case JPEG -> jpeg(in, start);
            case WEBP -> new Container(null, webpBytesPerPixel(in, start));
            case BMP -> new Container(embedsCompressedImage(in, start) ? JpegFrame.WORST : null, 0);
            default -> new Container(null, 0);
        };
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(start);
        reader.setInput(in, true, true);
        ImageInfo info = new ImageInfo(format, reader.getWidth(0), reader.getHeight(0), orientation);
        JpegFrame libjpeg = container.libjpeg();
        return new DecodeProfile(info, bytesPerPixel(reader),
                libjpeg == null ? 0 : libjpeg.nativeBytes(info.storedWidth(), info.storedHeight()),
                saturated(container.heapPerPixel(), info.pixels()),
                format == ImageFormat.JPEG || format == ImageFormat.BMP ? Math.max(0, in.length()) : 0,
                format == ImageFormat.JPEG && libjpeg != null && libjpeg.buffered());
    }

    /** Whether the decoder holds the whole image however little is read: such an image is read in one band. */
    public boolean decodesWholeImage() {
        return wholeImageBytes > 0;
    }

    /** Heap per decoded pixel of a band: the destination and the decoder's copy. */
    public long bandBytesPerPixel() {
        return (long) bytesPerPixel * DECODE_COPIES;
    }

    /** What reading {@code pixels} decoded pixels (a band, or a subsampled trial) holds at its peak. */
    public DecodeCost reading(long pixels) {
        long heap = sum(READER_HEAP, headerBytes, wholeImageBytes, saturated(bandBytesPerPixel(), pixels),
                saturated(DECODER_BYTES_PER_COLUMN, info.storedWidth()));
        return new DecodeCost(heap, sum(READER_NATIVE, nativeBytes));
    }

    /** What the trial decode set up by {@link #configureTrial} holds. */
    public DecodeCost trialCost() {
        return reading((long) (TRIAL_SIZE + 1) * (TRIAL_SIZE + 1));
    }

    /**
     * Sets up a trial decode that runs through all the image data but keeps at most 256 x 256 pixels. A JPEG that
     * libjpeg buffers reads its first row only: libjpeg still consumes every scan of the file to its end (so damage
     * anywhere is found as before), but runs the inverse DCT of each progressive pass for that row rather than for
     * every row: a quarter of the time of a subsampled read of a 49 MP progressive JPEG.
     */
    public void configureTrial(ImageReadParam param) {
        int width = info.storedWidth();
        if (rereadsAllScans) {
            param.setSourceRegion(new Rectangle(0, 0, width, 1));
            param.setSourceSubsampling(trialStep(width), 1, 0, 0);
        } else {
            int step = trialStep(Math.max(width, info.storedHeight()));
            param.setSourceSubsampling(step, step, 0, 0);
        }
    }

    private static int trialStep(int size) {
        return Math.max(1, (size + TRIAL_SIZE - 1) / TRIAL_SIZE);
    }

    /** What the container says about its decoder: libjpeg's frame if libjpeg decodes it, heap per pixel if held whole. */
    private record Container(JpegFrame libjpeg, long heapPerPixel) {
    }

    private static Container jpeg(ImageInputStream in, long start) throws IOException {
        JpegFrame frame = JpegFrame.read(in, start);
        if (frame == null) {
            return new Container(JpegFrame.WORST, 0);
        }
        return frame.lossless()
                ? new Container(null, (long) LOSSLESS_JPEG_BYTES_PER_SAMPLE * frame.components() + 4)
                : new Container(frame, 0);
    }

    private static long webpBytesPerPixel(ImageInputStream in, long start) throws IOException {
        boolean[] alpha = {false};
        Integer bytes = Segments.riff(in, start, (type, length, chunk) -> {
            if (type == Segments.fourCc("ALPH")) {
                alpha[0] = true;
                return null;
            }
            if (type == Segments.fourCc("VP8L")) {
                return WEBP_LOSSLESS_BYTES_PER_PIXEL;
            }
            if (type == Segments.fourCc("VP8 ")) {
                return WEBP_LOSSY_BYTES_PER_PIXEL;
            }
            // An animation's first frame may be anything: the costliest is assumed, as for an unreadable container.
            return type == Segments.fourCc("ANMF") ? WEBP_LOSSY_BYTES_PER_PIXEL + WEBP_ALPHA_BYTES_PER_PIXEL : null;
        });
        long perPixel = bytes == null ? WEBP_LOSSY_BYTES_PER_PIXEL + WEBP_ALPHA_BYTES_PER_PIXEL : bytes;
        return perPixel + (alpha[0] ? WEBP_ALPHA_BYTES_PER_PIXEL : 0);
    }

    /** BI_JPEG or BI_PNG: a whole JPEG or PNG inside, decoded by those readers; costed as the costliest JPEG. */
    private static boolean embedsCompressedImage(ImageInputStream in, long start) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        in.seek(start + 14);
        if (in.readUnsignedInt() < 40) {
            return false;
        }
        in.seek(start + 30);
        int compression = in.readInt();
        return compression == 4 || compression == 5;
    }

    private static int bytesPerPixel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types.hasNext()) {
                SampleModel model = types.next().getSampleModel(1, 1);
                int bytes = DataBuffer.getDataTypeSize(model.getDataType()) / 8 * model.getNumDataElements();
                return Math.max(1, Math.min(bytes, MAX_BYTES_PER_PIXEL));
            }
        } catch (IOException | RuntimeException e) {
            // The reader cannot tell before decoding: the widest is assumed.
        }
        return MAX_BYTES_PER_PIXEL;
    }

    /** {@code a * b}, or Long.MAX_VALUE when that overflows: a cost too large to admit either way. */
    static long saturated(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** The sum, or Long.MAX_VALUE when that overflows. */
    static long sum(long... terms) {
        long total = 0;
        for (long term : terms) {
            total = total > Long.MAX_VALUE - term ? Long.MAX_VALUE : total + term;
        }
        return total;
    }
}
