package dev.processflow.image.imaging;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * A JPEG's frame header (SOF) and how many components its first scan carries: what libjpeg allocates for it depends
 * on nothing else.
 */
record JpegFrame(int marker, int[] horizontalSampling, int[] verticalSampling, int firstScanComponents) {

    /** Four components, progressive, no subsampling: what a frame that cannot be read is taken to cost. */
    static final JpegFrame WORST = new JpegFrame(0xC2, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, 1);

    /** One 8 x 8 block of 16-bit DCT coefficients. */
    private static final int BLOCK_BYTES = 128;
    /**
     * libjpeg's sample rows (main buffer, upsampler, colour conversion, the reader's scanline): per pixel of width,
     * component and row of the tallest sampling.
     */
    private static final int ROW_BYTES = 32;

    /** The frame of the JPEG starting at {@code start}, or null when the headers up to the first scan do not say. */
    static JpegFrame read(ImageInputStream in, long start) throws IOException {
        JpegFrame[] frame = {null};
        return Segments.jpeg(in, start, (marker, length, segment) -> {
            if (isStartOfFrame(marker) && length >= 6) {
                segment.skipBytes(5);
                int components = segment.readUnsignedByte();
                if (components < 1 || components > 4) {
                    return null;
                }
                int[] h = new int[components];
                int[] v = new int[components];
                for (int i = 0; i < components; i++) {
                    segment.skipBytes(1);
                    int sampling = segment.readUnsignedByte();
                    h[i] = Math.max(1, sampling >> 4);
                    v[i] = Math.max(1, sampling & 0x0F);
                    segment.skipBytes(1);
                }
                frame[0] = new JpegFrame(marker, h, v, components);
                return null;
            }
            if (marker == Segments.SOS && frame[0] != null) {
                return new JpegFrame(frame[0].marker(), frame[0].horizontalSampling(),
                        frame[0].verticalSampling(), segment.readUnsignedByte());
            }
            return null;
        });
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    int components() {
        return horizontalSampling.length;
    }

    /** SOF3 and its kin: TwelveMonkeys decodes these itself, in Java. */
    boolean lossless() {
        return (marker & 0x03) == 0x03;
    }

    /**
     * Whether libjpeg keeps the coefficients of the whole image: a progressive frame, or a first scan without every
     * component (sequential, but not interleaved). Each read then also repeats every scan.
     */
    boolean buffered() {
        return (marker & 0x03) == 0x02 || firstScanComponents < components();
    }

    /** The native memory libjpeg holds while decoding a {@code width} x {@code height} image of this frame. */
    long nativeBytes(int width, int height) {
        int maxH = 1;
        int maxV = 1;
        for (int i = 0; i < components(); i++) {
            maxH = Math.max(maxH, horizontalSampling[i]);
            maxV = Math.max(maxV, verticalSampling[i]);
        }
        long bytes = (long) ROW_BYTES * components() * 8 * maxV * width;
        if (buffered()) {
            for (int i = 0; i < components(); i++) {
                // As libjpeg sizes its whole-image arrays: blocks per component, rounded up to its sampling factors.
                long blocksWide = roundUp(ceilDiv((long) width * horizontalSampling[i], 8L * maxH), horizontalSampling[i]);
                long blocksHigh = roundUp(ceilDiv((long) height * verticalSampling[i], 8L * maxV), verticalSampling[i]);
                bytes += blocksWide * blocksHigh * BLOCK_BYTES;
            }
        }
        return bytes;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
