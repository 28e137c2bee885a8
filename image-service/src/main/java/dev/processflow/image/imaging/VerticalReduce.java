package dev.processflow.image.imaging;

import java.util.Arrays;

/**
 * The Lanczos3 part of a vertical reduction: keeps the last {@code points} input rows in a ring and writes each output
 * row as soon as the last input row under its mask has arrived; rows beyond the top and bottom edges are copies of the
 * edge rows. Weights are libvips's 6-bit ones, so the result is libvips's to the value.
 */
final class VerticalReduce implements RowSink {

    private final AxisReduction axis;
    private final int max;
    private final RowSink out;
    private final int half;
    private final int[][] ring;
    private final int[][] weights = new int[Lanczos3.PHASES][];
    private final int[] sums;
    private final int[] result;
    private final int[][] tapRows;
    private final int[] tapWeights;
    private int received;
    private int next;

    /** {@code axis} after its box average; rows of {@code length} values, each at most {@code max}. */
    VerticalReduce(AxisReduction axis, int length, int max, RowSink out) {
        this.axis = axis;
        this.max = max;
        this.out = out;
        int points = axis.points();
        this.half = points / 2;
        this.ring = new int[points][length];
        this.sums = new int[length];
        this.result = new int[length];
        this.tapRows = new int[points][];
        this.tapWeights = new int[points];
    }

    @Override
    public void row(int[] values) {
        int inputs = axis.boxedSize();
        System.arraycopy(values, 0, ring[received % ring.length], 0, values.length);
        received++;
        while (next < axis.outputSize()) {
            int position = axis.position(next);
            int centre = position >> Lanczos3.PHASE_BITS;
            if (Math.min(inputs - 1, centre + half) >= received) {
                return;
            }
            emit(centre, position & (Lanczos3.PHASES - 1), inputs);
            next++;
        }
    }

    private void emit(int centre, int phase, int inputs) {
        int[] mask = weights[phase];
        if (mask == null) {
            mask = Lanczos3.summingExactly(Lanczos3.mask(axis.shrink(), ring.length, phase), Lanczos3.VERTICAL_SHIFT);
            weights[phase] = mask;
        }
        int taps = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                int row = Math.max(0, Math.min(inputs - 1, centre - half + i));
                tapRows[taps] = ring[row % ring.length];
                tapWeights[taps] = mask[i];
                taps++;
            }
        }
        int[] s = sums;
        Arrays.fill(s, 1 << (Lanczos3.VERTICAL_SHIFT - 1));
        int t = 0;
        // Four taps per pass over the row, four values per step: fewer loads and stores of the sums, and less loop
        // overhead, than one pass per tap.
        int n = s.length;
        for (; t + 4 <= taps; t += 4) {
            int[] r0 = tapRows[t];
            int[] r1 = tapRows[t + 1];
            int[] r2 = tapRows[t + 2];
            int[] r3 = tapRows[t + 3];
            int w0 = tapWeights[t];
            int w1 = tapWeights[t + 1];
            int w2 = tapWeights[t + 2];
            int w3 = tapWeights[t + 3];
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                s[i] += w0 * r0[i] + w1 * r1[i] + w2 * r2[i] + w3 * r3[i];
                s[i + 1] += w0 * r0[i + 1] + w1 * r1[i + 1] + w2 * r2[i + 1] + w3 * r3[i + 1];
                s[i + 2] += w0 * r0[i + 2] + w1 * r1[i + 2] + w2 * r2[i + 2] + w3 * r3[i + 2];
                s[i + 3] += w0 * r0[i + 3] + w1 * r1[i + 3] + w2 * r2[i + 3] + w3 * r3[i + 3];
            }
            for (; i < n; i++) {
                s[i] += w0 * r0[i] + w1 * r1[i] + w2 * r2[i] + w3 * r3[i];
            }
        }
        for (; t < taps; t++) {
            int[] r = tapRows[t];
            int w = tapWeights[t];
            for (int i = 0; i < s.length; i++) {
                s[i] += w * r[i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            result[i] = Math.max(0, Math.min(max, s[i] >> Lanczos3.VERTICAL_SHIFT));
        }
        out.row(result);
    }
}
