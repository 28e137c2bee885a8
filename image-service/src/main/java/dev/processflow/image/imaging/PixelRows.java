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
 * Reads the rows of a decoded image as floats in 0..255, one value per band with alpha last, colour premultiplied by
 * alpha (so averaging never bleeds the colour of transparent pixels into visible ones). Palette images come out as
 * sRGB; every other image stays in its own colour space and is converted once it is small.
 */
abstract class PixelRows {

    /** How the values relate to sRGB: already sRGB, gray meant as sRGB gray, or another colour space to convert. */
    enum Colour { SRGB, GRAY, OTHER }

    final int width;
    final int height;
    final int bands;
    final boolean alpha;
    final Colour colour;
    final ColorSpace colorSpace;

    private PixelRows(BufferedImage image, int bands, boolean alpha, Colour colour, ColorSpace colorSpace) {
        this.width = image.getWidth();
        this.height = image.getHeight();
        this.bands = bands;
        this.alpha = alpha;
        this.colour = colour;
        this.colorSpace = colorSpace;
    }

    /** Fills {@code out} with {@code count} pixels of row {@code y} starting at column {@code x}. */
    abstract void read(int y, int x, int count, float[] out);

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

    /** Scans the alpha band for any pixel that is not fully opaque. */
    boolean anyTranslucent() {
        if (!alpha) {
            return false;
        }
        float[] row = new float[width * bands];
        for (int y = 0; y < height; y++) {
            read(y, 0, width, row);
            for (int i = bands - 1; i < row.length; i += bands) {
                if (row[i] < 254.5f) {
                    return true;
                }
            }
        }
        return false;
    }

    static void premultiply(float[] out, int count, int bands) {
        for (int p = 0, i = 0; p < count; p++, i += bands) {
            float a = out[i + bands - 1] / 255f;
            for (int c = 0; c < bands - 1; c++) {
                out[i + c] *= a;
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
        void read(int y, int x, int count, float[] out) {
            int row = y * scanlineStride + x * pixelStride;
            for (int p = 0, i = 0; p < count; p++, row += pixelStride) {
                for (int b = 0; b < bands; b++) {
                    out[i++] = data[row + offsets[b]] & 0xFF;
                }
            }
            if (alpha && !premultiplied) {
                premultiply(out, count, bands);
            }
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
        void read(int y, int x, int count, float[] out) {
            int row = offset + y * scanlineStride + x;
            for (int p = 0, i = 0; p < count; p++) {
                int pixel = data[row + p];
                for (int b = 0; b < bands; b++) {
                    out[i++] = (pixel & masks[b]) >>> shifts[b];
                }
            }
            if (alpha && !premultiplied) {
                premultiply(out, count, bands);
            }
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
        void read(int y, int x, int count, float[] out) {
            raster.getSamples(x, y, count, 1, 0, indices);
            for (int p = 0, i = 0; p < count; p++) {
                int index = indices[p];
                int rgb = index < argb.length ? argb[index] : 0;
                out[i++] = (rgb >> 16) & 0xFF;
                out[i++] = (rgb >> 8) & 0xFF;
                out[i++] = rgb & 0xFF;
                if (alpha) {
                    out[i++] = rgb >>> 24;
                }
            }
            if (alpha) {
                premultiply(out, count, bands);
            }
        }
    }

    /** Any other layout (16-bit samples, bit-packed gray, banded): slower, through the Raster API. */
    private static final class Generic extends PixelRows {
        private final Raster raster;
        private final float[] scale;
        private final int[] samples;
        private final boolean premultiplied;

        Generic(BufferedImage image, boolean alpha, boolean premultiplied, Colour colour, ColorSpace cs) {
            super(image, image.getRaster().getNumBands(), alpha, colour, cs);
            this.raster = image.getRaster();
            this.scale = new float[bands];
            for (int b = 0; b < bands; b++) {
                scale[b] = 255f / ((1L << raster.getSampleModel().getSampleSize(b)) - 1);
            }
            this.samples = new int[image.getWidth() * bands];
            this.premultiplied = premultiplied;
        }

        @Override
        void read(int y, int x, int count, float[] out) {
            raster.getPixels(x, y, count, 1, samples);
            for (int i = 0; i < count * bands; i++) {
                out[i] = samples[i] * scale[i % bands];
            }
            if (alpha && !premultiplied) {
                premultiply(out, count, bands);
            }
        }
    }
}
