package dev.processflow.image.imaging;

/**
 * Downsizes a stream of rows as libvips 8.14's {@code vips_resize} does: vertically first (box average over whole rows,
 * then Lanczos3), then each resulting row horizontally (box, then Lanczos3), every step rounding to integers like
 * libvips's 8-bit paths. A factor of 1 leaves that axis alone. Holds a few rows, never the image.
 */
final class Resize {

    final int width;
    final int height;
    /** Where the source rows go, {@code sourceWidth * bands} values each. */
    final RowSink input;

    /** Shrinks a {@code sourceWidth} x {@code sourceHeight} image by the factors (at least 1) into {@code out}. */
    Resize(int sourceWidth, int sourceHeight, int bands, int max, double hshrink, double vshrink, RowSink out) {
        double hscale = scale(sourceWidth, hshrink);
        double vscale = scale(sourceHeight, vshrink);
        RowSink horizontal = out;
        int w = sourceWidth;
        if (hscale < 1.0) {
            AxisReduction axis = AxisReduction.of(sourceWidth, 1.0 / hscale);
            horizontal = new HorizontalReduce(axis, bands, max, out);
            w = axis.outputSize();
        }
        RowSink vertical = horizontal;
        int h = sourceHeight;
        if (vscale < 1.0) {
            AxisReduction axis = AxisReduction.of(sourceHeight, 1.0 / vscale);
            if (axis.lanczos()) {
                vertical = new VerticalReduce(axis, sourceWidth * bands, max, horizontal);
            }
            if (axis.box() > 1) {
                vertical = new BoxShrink(sourceWidth, sourceHeight, bands, 1, axis.box(), vertical);
            }
            h = axis.outputSize();
        }
        this.width = w;
        this.height = h;
        this.input = vertical;
    }

    /** The size of an axis of {@code size} pixels once shrunk by {@code shrink}, as this resize makes it. */
    static int outputSize(int size, double shrink) {
        double scale = scale(size, shrink);
        return scale < 1.0 ? AxisReduction.of(size, 1.0 / scale).outputSize() : size;
    }

    /** vips_resize takes scales, and never lets an axis fall below one pixel. */
    private static double scale(int size, double shrink) {
        return Math.max(1.0 / shrink, 1.0 / size);
    }
}
