package dev.processflow.image.imaging;

/**
 * A horizontal reduction of each row, as libvips's {@code vips_reduceh}: the box average over whole pixels first, then
 * Lanczos3 with 12-bit weights. Every output column's first tap and weights are worked out once; taps beyond the
 * edges, which libvips reads as copies of the edge column, have their weights added to the edge column's instead
 * (the same integer sums), so every column's taps are adjacent pixels, and taps of weight 0 are dropped.
 */
final class HorizontalReduce implements RowSink {

    private final int bands;
    private final int max;
    private final RowSink out;
    private final RowSink boxed;
    private final int points;
    private final int[] first;
    private final int[] count;
    private final int[] weights;
    private final int[] result;

    /** Reduces rows {@code axis.inputSize()} pixels wide, each value at most {@code max}. */
    HorizontalReduce(AxisReduction axis, int bands, int max, RowSink out) {
        this.bands = bands;
        this.max = max;
        this.out = out;
        RowSink lanczos = axis.lanczos() ? this::lanczos : out;
        // One row at a time: with a box of one row the image height does not matter.
        this.boxed = axis.box() > 1 ? new BoxShrink(axis.inputSize(), 1, bands, axis.box(), 1, lanczos) : lanczos;
        int inputs = axis.boxedSize();
        int outputs = axis.lanczos() ? axis.outputSize() : 0;
        this.points = axis.points();
        this.first = new int[outputs];
        this.count = new int[outputs];
        this.weights = new int[outputs * points];
        this.result = new int[outputs * bands];
        int half = points / 2;
        int[][] masks = new int[Lanczos3.PHASES][];
        for (int x = 0; x < outputs; x++) {
            int position = axis.position(x);
            int phase = position & (Lanczos3.PHASES - 1);
            if (masks[phase] == null) {
                double[] mask = Lanczos3.mask(axis.shrink(), points, phase);
                // Wider values (with alpha, which libvips filters in floating point) would show the truncated
                // weights' shortfall, so theirs sum to exactly 1.
                masks[phase] = max > 255 ? Lanczos3.summingExactly(mask, Lanczos3.HORIZONTAL_SHIFT)
                        : Lanczos3.truncated(mask, Lanczos3.HORIZONTAL_SHIFT);
            }
            int start = (position >> Lanczos3.PHASE_BITS) - half;
            int from = Math.max(0, start);
            int to = Math.min(inputs - 1, start + points - 1);
            int[] folded = new int[to - from + 1];
            for (int i = 0; i < points; i++) {
                folded[Math.max(from, Math.min(to, start + i)) - from] += masks[phase][i];
            }
            // Taps whose weight rounded to nothing are left out.
            int lo = 0;
            int hi = folded.length - 1;
            while (lo < hi && folded[lo] == 0) {
                lo++;
            }
            while (hi > lo && folded[hi] == 0) {
                hi--;
            }
            first[x] = (from + lo) * bands;
            count[x] = hi - lo + 1;
            System.arraycopy(folded, lo, weights, x * points, count[x]);
        }
    }

    @Override
    public void row(int[] values) {
        boxed.row(values);
    }

    private void lanczos(int[] values) {
        if (bands == 3) {
            lanczos3Bands(values);
        } else {
            lanczosAnyBands(values);
        }
        out.row(result);
    }

    /** RGB, by far the most common: one pass over the taps for all three bands. */
    private void lanczos3Bands(int[] values) {
        int round = 1 << (Lanczos3.HORIZONTAL_SHIFT - 1);
        for (int x = 0, o = 0; x < first.length; x++, o += 3) {
            int r = round;
            int g = round;
            int b = round;
            int p = first[x];
            for (int k = x * points, end = k + count[x]; k < end; k++, p += 3) {
                int w = weights[k];
                r += w * values[p];
                g += w * values[p + 1];
                b += w * values[p + 2];
            }
            result[o] = clip(r);
            result[o + 1] = clip(g);
            result[o + 2] = clip(b);
        }
    }

    private void lanczosAnyBands(int[] values) {
        int round = 1 << (Lanczos3.HORIZONTAL_SHIFT - 1);
        for (int x = 0, o = 0; x < first.length; x++, o += bands) {
            for (int b = 0; b < bands; b++) {
                int sum = round;
                int p = first[x] + b;
                for (int k = x * points, end = k + count[x]; k < end; k++, p += bands) {
                    sum += weights[k] * values[p];
                }
                result[o + b] = clip(sum);
            }
        }
    }

    private int clip(int sum) {
        return Math.max(0, Math.min(max, sum >> Lanczos3.HORIZONTAL_SHIFT));
    }
}
