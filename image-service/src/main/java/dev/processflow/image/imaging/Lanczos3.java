package dev.processflow.image.imaging;

import java.util.Arrays;

/**
 * The Lanczos3 masks libvips 8.14 reduces with, number for number, so our variants match {@code vipsthumbnail}'s: a
 * kernel stretched by the shrink factor (so it also low-passes), {@link #points} taps centred on the source pixel
 * nearest the sample position, that position rounded to 1/{@value #PHASES} pixel, the weights normalised to sum 1 and
 * then made integers the way libvips's 8-bit paths make them.
 */
final class Lanczos3 {

    /** Sample positions are rounded to 1/64 pixel (libvips's VIPS_TRANSFORM_SCALE), so 64 masks serve every row. */
    static final int PHASE_BITS = 6;
    static final int PHASES = 1 << PHASE_BITS;
    /** Vertical weights are 6-bit fixed point summing to exactly 1 (libvips's vector path for 8-bit images). */
    static final int VERTICAL_SHIFT = 6;
    /** Horizontal weights are 12-bit fixed point, truncated (VIPS_INTERPOLATE_SHIFT, its plain C path). */
    static final int HORIZONTAL_SHIFT = 12;

    private Lanczos3() {
    }

    /** Taps for a reduction by {@code shrink}: the kernel's support of 3 source pixels either side, stretched. */
    static int points(double shrink) {
        return 2 * (int) Math.rint(3 * shrink) + 1;
    }

    static double kernel(double x) {
        if (x == 0) {
            return 1;
        }
        if (x < -3 || x > 3) {
            return 0;
        }
        return 3 * Math.sin(Math.PI * x) * Math.sin(Math.PI * x / 3) / (Math.PI * Math.PI * x * x);
    }

    /**
     * Normalised weights of the {@code points} source pixels centred on the one nearest the sample, for a sample
     * {@code phase}/64 - 1/2 pixel from that centre (phase 0..63).
     */
    static double[] mask(double shrink, int points, int phase) {
        double offset = (double) phase / PHASES - 0.5;
        int half = points / 2;
        double[] weights = new double[points];
        double sum = 0;
        for (int i = 0; i < points; i++) {
            weights[i] = kernel((i - half - offset) / shrink);
            sum += weights[i];
        }
        for (int i = 0; i < points; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    /**
     * Weights in 1/2^shift that sum to exactly what the real ones round to, found like libvips does: search the scale
     * at which the rounded weights add up, else spread the remainder over the first taps.
     */
    static int[] summingExactly(double[] mask, int shift) {
        int scale = 1 << shift;
        int n = mask.length;
        double sum = 0;
        for (double w : mask) {
            sum += w;
        }
        int target = (int) Math.rint(sum * scale);
        double high = scale + (n + 1) / 2;
        double low = scale - (n + 1) / 2;
        int[] out = new int[n];
        int total;
        do {
            double guess = (high + low) / 2;
            total = 0;
            for (int i = 0; i < n; i++) {
                out[i] = (int) Math.rint(mask[i] * guess);
                total += out[i];
            }
            if (total == target) {
                break;
            }
            if (total < target) {
                low = guess;
            } else {
                high = guess;
            }
        } while (high - low > 0.01);
        if (total != target) {
            int each = (target - total) / n;
            int extra = (target - total) % n;
            for (int i = 0; i < n; i++) {
                out[i] += each;
            }
            for (int i = 0; i < Math.abs(extra); i++) {
                out[i] += Integer.signum(extra);
            }
        }
        return out;
    }

    /** Weights in 1/2^shift, each truncated towards zero (so they may sum to a little less than 1). */
    static int[] truncated(double[] mask, int shift) {
        return Arrays.stream(mask).mapToInt(w -> (int) (w * (1 << shift))).toArray();
    }
}
