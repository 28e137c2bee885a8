package dev.processflow.image.imaging;

import java.io.ByteArrayOutputStream;

/**
 * Writes progressive JPEGs of any size in milliseconds: a DC scan carrying a smooth pattern block by block, then one
 * AC scan per component that ends every block at once (end-of-band runs). A few kilobytes make a decoder hold the DCT
 * coefficients of the whole image, exactly as a photograph of that size would: the hostile upload at its purest.
 * Built from ITU T.81 (annex G for the progressive scans, annex F for the DC coding); the decoders under test read
 * them, so a mistake here shows up as a corrupt image, never as a pass.
 */
public final class ProgressiveJpeg {

    /** Categories 0 to 11 (DC differences) and end-of-band runs of 2^0 to 2^14 blocks, all with 4-bit codes. */
    private static final int DC_SYMBOLS = 12;
    private static final int AC_SYMBOLS = 15;
    private static final int CODE_BITS = 4;
    private static final int MAX_EOB_RUN = 32767;

    private final int width;
    private final int height;
    private final int components;
    /** The first component's sampling factors (both axes); the others are 1 x 1. */
    private final int lumaSampling;
    private final int seed;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int bitBuffer;
    private int bitCount;

    private ProgressiveJpeg(int width, int height, int components, int lumaSampling, int seed) {
        this.width = width;
        this.height = height;
        this.components = components;
        this.lumaSampling = lumaSampling;
        this.seed = seed;
    }

    /** YCbCr 4:4:4: 6 bytes of coefficients per pixel for libjpeg. */
    public static byte[] full(int width, int height, int seed) {
        return new ProgressiveJpeg(width, height, 3, 1, seed).write();
    }

    /** YCbCr 4:2:0: 3 bytes of coefficients per pixel. */
    public static byte[] subsampled(int width, int height, int seed) {
        return new ProgressiveJpeg(width, height, 3, 2, seed).write();
    }

    /** Four components, as CMYK: 8 bytes of coefficients per pixel. */
    public static byte[] fourComponents(int width, int height, int seed) {
        return new ProgressiveJpeg(width, height, 4, 1, seed).write();
    }

    private byte[] write() {
        marker(0xD8);
        if (components == 3) {
            segment(0xE0, new byte[] {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        }
        byte[] quantisation = new byte[65];
        java.util.Arrays.fill(quantisation, 1, 65, (byte) 1);
        segment(0xDB, quantisation);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width,
                (byte) components});
        for (int c = 0; c < components; c++) {
            int sampling = sampling(c);
            frame.writeBytes(new byte[] {(byte) (c + 1), (byte) (sampling << 4 | sampling), 0});
        }
        segment(0xC2, frame.toByteArray());
        segment(0xC4, table(0x00, DC_SYMBOLS, c -> c));
        segment(0xC4, table(0x10, AC_SYMBOLS, r -> r << 4));
        dcScan();
        for (int c = 0; c < components; c++) {
            acScan(c);
        }
        marker(0xD9);
        return out.toByteArray();
    }

    private int sampling(int component) {
        return component == 0 ? lumaSampling : 1;
    }

    /** A Huffman table whose symbols all get 4-bit codes, in order. */
    private static byte[] table(int classAndId, int count, java.util.function.IntUnaryOperator symbol) {
        byte[] table = new byte[17 + count];
        table[0] = (byte) classAndId;
        table[CODE_BITS] = (byte) count;
        for (int i = 0; i < count; i++) {
            table[17 + i] = (byte) symbol.applyAsInt(i);
        }
        return table;
    }

    /** The DC coefficients of every block, all components interleaved, MCU by MCU. */
    private void dcScan() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(components);
        for (int c = 0; c < components; c++) {
            header.writeBytes(new byte[] {(byte) (c + 1), 0x00});
        }
        header.writeBytes(new byte[] {0, 0, 0});
        segment(0xDA, header.toByteArray());
        int mcuSize = 8 * lumaSampling;
        int mcusWide = (width + mcuSize - 1) / mcuSize;
        int mcusHigh = (height + mcuSize - 1) / mcuSize;
        int[] predictions = new int[components];
        for (int my = 0; my < mcusHigh; my++) {
            for (int mx = 0; mx < mcusWide; mx++) {
                for (int c = 0; c < components; c++) {
                    int s = sampling(c);
                    for (int by = 0; by < s; by++) {
                        for (int bx = 0; bx < s; bx++) {
                            int dc = dc(c, (double) (mx * s + bx) / (mcusWide * s), (double) (my * s + by) / (mcusHigh * s));
                            encodeDifference(dc - predictions[c]);
                            predictions[c] = dc;
                        }
                    }
                }
            }
        }
        flush();
    }

    /** A smooth pattern, different for every seed: levels run from 16 to 240. */
    private int dc(int component, double x, double y) {
        double level = switch (component) {
            case 0 -> 16 + 224 * (0.5 * x + 0.5 * y);
            case 1 -> 128 + 100 * Math.sin(6.28 * (x + seed * 0.137));
            default -> 128 + 100 * Math.cos(6.28 * (y + seed * 0.071));
        };
        return (int) Math.round((level - 128) * 8);
    }

    private void encodeDifference(int difference) {
        int magnitude = Math.abs(difference);
        int category = magnitude == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(magnitude);
        bits(category, CODE_BITS);
        if (category > 0) {
            bits(difference < 0 ? difference + (1 << category) - 1 : difference, category);
        }
    }

    /** Every AC coefficient of one component is zero: its blocks, in raster order, end in end-of-band runs. */
    private void acScan(int component) {
        segment(0xDA, new byte[] {1, (byte) (component + 1), 0x00, 1, 63, 0});
        int maxSampling = lumaSampling;
        int s = sampling(component);
        long componentWidth = ((long) width * s + maxSampling - 1) / maxSampling;
        long componentHeight = ((long) height * s + maxSampling - 1) / maxSampling;
        long blocks = ((componentWidth + 7) / 8) * ((componentHeight + 7) / 8);
        while (blocks > 0) {
            int run = (int) Math.min(blocks, MAX_EOB_RUN);
            int r = 31 - Integer.numberOfLeadingZeros(run);
            bits(r, CODE_BITS);
            bits(run - (1 << r), r);
            blocks -= run;
        }
        flush();
    }

    private void bits(int value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bitBuffer = bitBuffer << 1 | (value >> i & 1);
            if (++bitCount == 8) {
                emit();
            }
        }
    }

    private void flush() {
        while (bitCount != 0) {
            bits(1, 1);
        }
    }

    private void emit() {
        out.write(bitBuffer);
        if (bitBuffer == 0xFF) {
            out.write(0);
        }
        bitBuffer = 0;
        bitCount = 0;
    }

    private void marker(int marker) {
        out.write(0xFF);
        out.write(marker);
    }

    private void segment(int marker, byte[] payload) {
        marker(marker);
        out.write((payload.length + 2) >> 8);
        out.write(payload.length + 2);
        out.writeBytes(payload);
    }
}
