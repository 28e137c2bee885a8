package dev.processflow.image.imaging;

/**
 * One axis of a libvips 8.14 reduce ({@code vips_reduceh}/{@code vips_reducev} with {@code vips_resize}'s gap of 2):
 * the output size is the input size divided by the factor, rounded; first a box average over {@code box} whole pixels
 * (the largest integer that still leaves at least a factor of 2), then Lanczos3 over the {@code shrink} left. Output
 * sample {@code i} sits where its centre falls when the output is laid centred over the input, pixel centres at
 * half-integers, so rounding the size trims or invents equal amounts at both ends.
 */
record AxisReduction(int inputSize, int outputSize, int box, double shrink, double offset) {

    private static final double GAP = 2.0;

    static AxisReduction of(int inputSize, double factor) {
        int outputSize = (int) (inputSize / factor + 0.5);
        double extra = outputSize * factor - inputSize;
        int box = Math.max(1, (int) Math.floor((double) inputSize / outputSize / GAP));
        double shrink = factor / box;
        extra /= box;
        return new AxisReduction(inputSize, outputSize, box, shrink, (1 + extra) / 2.0 - 1);
    }

    /** The size after the box average, which counts a partial last box (its missing pixels copy the edge). */
    int boxedSize() {
        return (inputSize + box - 1) / box;
    }

    /** Whether any Lanczos3 reduction is left after the box average. */
    boolean lanczos() {
        return shrink != 1.0;
    }

    int points() {
        return Lanczos3.points(shrink);
    }

    /**
     * Where output sample {@code i} sits in the boxed input, in 1/64 pixel: its nearest pixel is
     * {@code >> Lanczos3.PHASE_BITS} and its mask phase the bits below.
     */
    int position(int i) {
        double x = (i + 0.5) * shrink - 0.5 - offset;
        return (int) Math.floor(x * Lanczos3.PHASES + 0.5);
    }
}
