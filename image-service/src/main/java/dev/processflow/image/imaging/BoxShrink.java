package dev.processflow.image.imaging;

import java.util.Arrays;

/**
 * Averages whole blocks of {@code kx} x {@code ky} pixels, rounding halves up, as libvips's {@code vips_shrinkh}/
 * {@code vips_shrinkv} with {@code ceil} do, and as a JPEG decoder scaling by 1/2, 1/4 or 1/8 in the DCT does for the
 * luma: a partial block at the right or bottom edge counts its missing pixels as copies of the edge. Rows are summed
 * as they come and grouped across only once per block of rows; holds one row of sums.
 */
final class BoxShrink implements RowSink {

    /** Blocks up to this many pixels divide by multiplying. */
    private static final int MULTIPLIED = 1 << 16;

    private final int width;
    private final int height;
    private final int bands;
    private final int kx;
    private final int ky;
    private final RowSink out;
    private final int[] sums;
    private final int[] averaged;
    private final int divisor;
    private final long reciprocal;
    private int y;

    /** Shrinks a {@code width} x {@code height} image; with {@code ky} 1 any number of rows may come. */
    BoxShrink(int width, int height, int bands, int kx, int ky, RowSink out) {
        this.width = width;
        this.height = height;
        this.bands = bands;
        this.kx = kx;
        this.ky = ky;
        this.out = out;
        this.sums = new int[width * bands];
        this.averaged = new int[(width + kx - 1) / kx * bands];
        this.divisor = kx * ky;
        this.reciprocal = divisor <= MULTIPLIED ? ((1L << 48) + divisor - 1) / divisor : 0;
    }

    @Override
    public void row(int[] values) {
        if (ky == 1) {
            average(values);
            return;
        }
        int[] s = sums;
        int n = s.length;
        int i = 0;
        // Four values per step: the loop overhead is most of the cost of an addition.
        for (; i + 4 <= n; i += 4) {
            s[i] += values[i];
            s[i + 1] += values[i + 1];
            s[i + 2] += values[i + 2];
            s[i + 3] += values[i + 3];
        }
        for (; i < n; i++) {
            s[i] += values[i];
        }
        boolean last = y == height - 1;
        if (last && y % ky != ky - 1) {
            // The bottom edge's missing rows are copies of the last one.
            int missing = ky - 1 - y % ky;
            for (int k = 0; k < n; k++) {
                s[k] += missing * values[k];
            }
        }
        if (last || y % ky == ky - 1) {
            average(s);
            Arrays.fill(s, 0);
        }
        y++;
    }

    /** Adds up each group of {@code kx} columns of {@code row}, divides by the block size and passes the row on. */
    private void average(int[] row) {
        int half = divisor / 2;
        if (kx == 1) {
            for (int i = 0; i < row.length; i++) {
                averaged[i] = divide(row[i] + half);
            }
        } else {
            int whole = width / kx;
            int step = kx * bands;
            for (int x = 0, o = 0, s = 0; x < whole; x++, o += bands, s += step) {
                for (int b = 0; b < bands; b++) {
                    int sum = half;
                    if (kx == 2) {
                        // The JPEG scaling chain's case, without the inner loop.
                        sum += row[s + b] + row[s + bands + b];
                    } else {
                        for (int p = s + b, end = s + step; p < end; p += bands) {
                            sum += row[p];
                        }
                    }
                    averaged[o + b] = divide(sum);
                }
            }
            if (whole * kx < width) {
                // The right edge's missing columns are copies of the last one.
                for (int b = 0; b < bands; b++) {
                    int sum = half;
                    for (int i = 0; i < kx; i++) {
                        sum += row[Math.min(whole * kx + i, width - 1) * bands + b];
                    }
                    averaged[whole * bands + b] = divide(sum);
                }
            }
        }
        out.row(averaged);
    }

    /**
     * A sum divided by the block size, by multiplying with the rounded-up reciprocal where that is exact: for sums up
     * to 4080 per pixel the error stays below 1/n.
     */
    private int divide(int sum) {
        return reciprocal != 0 ? (int) (sum * reciprocal >>> 48) : sum / divisor;
    }
}
