package dev.processflow.image.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads the rows of a decoded image as integers, one value per band with alpha last, colour premultiplied by
 * alpha (so filtering never bleeds the colour of transparent pixels into visible ones). With alpha, every value
 * carries {@value #ALPHA_FRACTION_BITS} more bits, so faint pixels keep their colour through premultiplication: values
 * then run to {@link #max} = 4080 instead of 255. Palette images come out as sRGB; every other image stays in its own
 * colour space and is converted once it is small.
 */
abstract class PixelRows {

    static final int ALPHA_FRACTION_BITS = 4;

    /** How the values relate to sRGB: already sRGB, gray meant as sRGB gray, or another colour space to convert. */
    enum Colour { SRGB, GRAY, OTHER }

    final int width;
    final int bands;
    final boolean alpha;
    final Colour colour;
    final ColorSpace colorSpace;
    /** The largest value a row holds: 255, or 4080 with alpha. */
    final int max;

    private PixelRows(BufferedImage image, int bands, boolean alpha, Colour colour, ColorSpace colorSpace) {
        this.width = image.getWidth();
        this.bands = bands;
        this.alpha = alpha;
        this.colour = colour;
        this.colorSpace = colorSpace;
        this.max = alpha ? 255 << ALPHA_FRACTION_BITS : 255;
    }

    /** Fills {@code out} with the {@code width * bands} values of row {@code y}. */
    abstract void read(int y, int[] out);

    static PixelRows of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette) {
            return new Indexed(image, palette);
        }
        ColorSpace cs = cm.getColorSpace();
        Colour colour = cs.getType() == ColorSpace.TYPE_GRAY && cs.getNumComponents() == 1 ? Colour.GRAY
                : cs.isCS_sRGB() ? Colour.SRGB : Colour.OTHER;
        boolean premultiplied = cm.isAlphaPremultiplied();
        SampleModel sm = raster.getSampleModel();
        if (sm instanceof ComponentSampleModel component && raster.getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getNumBanks() == 1 && allBits(sm, 8)) {
            return new InterleavedBytes(image, component, bytes, cm.hasAlpha(), premultiplied, colour, cs);
        }
        if (sm instanceof SinglePixelPackedSampleModel packed && raster.getDataBuffer() instanceof DataBufferInt ints
                && allBits(sm, 8)) {
            return new PackedInts(image, packed, ints, cm.hasAlpha(), premultiplied, colour, cs);
        }
        return new Generic(image, cm.hasAlpha(), premultiplied, colour, cs);
    }

    private static boolean allBits(SampleModel sm, int bits) {
        for (int size : sm.getSampleSize()) {
            if (size != bits) {
                return false;
            }
        }
        return true;
    }

    /** Premultiplies 8-bit colour by 8-bit alpha and widens both, for rows whose alpha is straight. */
    private static void premultiply(int[] out, int bands) {
        for (int i = 0; i < out.length; i += bands) {
            int a = out[i + bands - 1];
            for (int c = 0; c < bands - 1; c++) {
                out[i + c] = (out[i + c] * a * (1 << ALPHA_FRACTION_BITS) + 127) / 255;
            }
            out[i + bands - 1] = a << ALPHA_FRACTION_BITS;
        }
    }

    /** Widens colour that the decoder already premultiplied. */
    private static void widen(int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] <<= ALPHA_FRACTION_BITS;
        }
    }

    /** Brings 8-bit samples to this image's precision, premultiplying if the source was straight. */
    void finish(int[] out, boolean premultiplied) {
        if (alpha) {
            if (premultiplied) {
                widen(out);
            } else {
                premultiply(out, bands);
            }
        }
    }

    private static final class InterleavedBytes extends PixelRows {
        private final byte[] data;
        private final int[] offsets;
        private final int pixelStride;
        private final int scanlineStride;
        private final boolean premultiplied;

        InterleavedBytes(BufferedImage image, ComponentSampleModel sm, DataBufferByte buffer, boolean alpha,
                boolean premultiplied, Colour colour, ColorSpace cs) {
            super(image, sm.getNumBands(), alpha, colour, cs);
            this.data = buffer.getData();
            int base = buffer.getOffset() - image.getRaster().getSampleModelTranslateX() * sm.getPixelStride()
                    - image.getRaster().getSampleModelTranslateY() * sm.getScanlineStride();
            int[] bandOffsets = sm.getBandOffsets();
            this.offsets = new int[bandOffsets.length];
            for (int b = 0; b < bandOffsets.length; b++) {
                offsets[b] = base + bandOffsets[b];
            }
            this.pixelStride = sm.getPixelStride();
            this.scanlineStride = sm.getScanlineStride();
            this.premultiplied = premultiplied;
        }

        @Override
        void read(int y, int[] out) {
            int row = y * scanlineStride;
            if (bands == 3) {
                // RGB and BGR, the usual decoded JPEG: without the inner loop over bands.
                int r = row + offsets[0];
                int g = row + offsets[1];
                int b = row + offsets[2];
                for (int i = 0; i < out.length; i += 3, r += pixelStride, g += pixelStride, b += pixelStride) {
                    out[i] = data[r] & 0xFF;
                    out[i + 1] = data[g] & 0xFF;
                    out[i + 2] = data[b] & 0xFF;
                }
            } else {
                for (int p = 0, i = 0; p < width; p++, row += pixelStride) {
                    for (int b = 0; b < bands; b++) {
                        out[i++] = data[row + offsets[b]] & 0xFF;
                    }
                }
            }
            finish(out, premultiplied);
        }
    }

    private static final class PackedInts extends PixelRows {
        private final int[] data;
        private final int[] masks;
        private final int[] shifts;
        private final int offset;
        private final int scanlineStride;
        private final boolean premultiplied;

        PackedInts(BufferedImage image, SinglePixelPackedSampleModel sm, DataBufferInt buffer, boolean alpha,
                boolean premultiplied, Colour colour, ColorSpace cs) {
            super(image, sm.getNumBands(), alpha, colour, cs);
            this.data = buffer.getData();
            this.masks = sm.getBitMasks();
            this.shifts = sm.getBitOffsets();
            this.offset = buffer.getOffset() - image.getRaster().getSampleModelTranslateX()
                    - image.getRaster().getSampleModelTranslateY() * sm.getScanlineStride();
            this.scanlineStride = sm.getScanlineStride();
            this.premultiplied = premultiplied;
        }

        @Override
        void read(int y, int[] out) {
            int row = offset + y * scanlineStride;
            for (int p = 0, i = 0; p < width; p++) {
                int pixel = data[row + p];
                for (int b = 0; b < bands; b++) {
                    out[i++] = (pixel & masks[b]) >>> shifts[b];
                }
            }
            finish(out, premultiplied);
        }
    }

    private static final class Indexed extends PixelRows {
        private final Raster raster;
        private final int[] argb;
        private final int[] indices;

        Indexed(BufferedImage image, IndexColorModel palette) {
            super(image, palette.hasAlpha() ? 4 : 3, palette.hasAlpha(), Colour.SRGB,
                    ColorSpace.getInstance(ColorSpace.CS_sRGB));
            this.raster = image.getRaster();
            this.argb = new int[palette.getMapSize()];
            palette.getRGBs(argb);
            this.indices = new int[image.getWidth()];
        }

        @Override
        void read(int y, int[] out) {
            raster.getSamples(0, y, width, 1, 0, indices);
            for (int p = 0, i = 0; p < width; p++) {
                int index = indices[p];
                int rgb = index < argb.length ? argb[index] : 0;
                out[i++] = (rgb >> 16) & 0xFF;
                out[i++] = (rgb >> 8) & 0xFF;
                out[i++] = rgb & 0xFF;
                if (alpha) {
                    out[i++] = rgb >>> 24;
                }
            }
            finish(out, false);
        }
    }

    /** Any other layout (16-bit samples, bit-packed gray, banded): slower, through the Raster API. */
    private static final class Generic extends PixelRows {
        private final Raster raster;
        private final long[] maxSample;
        private final boolean premultiplied;

        Generic(BufferedImage image, boolean alpha, boolean premultiplied, Colour colour, ColorSpace cs) {
            super(image, image.getRaster().getNumBands(), alpha, colour, cs);
            this.raster = image.getRaster();
            this.maxSample = new long[bands];
            for (int b = 0; b < bands; b++) {
                maxSample[b] = (1L << raster.getSampleModel().getSampleSize(b)) - 1;
            }
            this.premultiplied = premultiplied;
        }

        @Override
        void read(int y, int[] out) {
            raster.getPixels(0, y, width, 1, out);
            for (int i = 0; i < out.length; i++) {
                long most = maxSample[i % bands];
                out[i] = (int) ((out[i] * 255L + most / 2) / most);
            }
            finish(out, premultiplied);
        }
    }
}
