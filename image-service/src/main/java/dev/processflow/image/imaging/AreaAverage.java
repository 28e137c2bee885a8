package dev.processflow.image.imaging;

import java.util.Arrays;

/**
 * Downscales by exact area averaging: a box filter over every source pixel a target pixel covers, fractional edges
 * weighted by how much of them it covers. Source rows are pushed in order and each is reduced horizontally once, then
 * blended into the (at most a few) target rows it falls in; a target row leaves through the sink as soon as its last
 * source row arrived. So only a few rows are ever held, and the source never has to be in memory at once.
 */
final class AreaAverage {

    /** Receives each finished target row: {@code width * bands} values in 0..255, colour no longer premultiplied. */
    interface RowSink {
        void row(int y, float[] values);
    }

    private final int bands;
    private final boolean alpha;
    private final Axis columns;
    private final Axis rows;
    private final RowSink sink;
    private final float[] reduced;
    private final float[][] open;
    private int next;

    /**
     * Scales the source rectangle ({@code x0}, {@code y0}, {@code width}, {@code height}: fractional source pixels)
     * of a {@code sourceWidth} x {@code sourceHeight} source to {@code targetWidth} x {@code targetHeight}.
     */
    AreaAverage(int bands, boolean alpha, double x0, double y0, double width, double height, int sourceWidth,
            int sourceHeight, int targetWidth, int targetHeight, RowSink sink) {
        this.bands = bands;
        this.alpha = alpha;
        this.columns = Axis.of(x0, width, targetWidth, sourceWidth);
        this.rows = Axis.of(y0, height, targetHeight, sourceHeight);
        this.sink = sink;
        this.reduced = new float[targetWidth * bands];
        int concurrentRows = (int) Math.ceil(targetHeight / height) + 2;
        this.open = new float[concurrentRows][targetWidth * bands];
    }

    /** Whether the source row contributes to any target row still to be finished. */
    boolean wants(int sourceY) {
        return next < rows.size() && sourceY >= rows.first(next) && sourceY <= rows.last(rows.size() - 1);
    }

    boolean finished() {
        return next == rows.size();
    }

    /** Takes source row {@code sourceY} (whole width, premultiplied if there is alpha). Rows must come in order. */
    void push(int sourceY, float[] sourceRow) {
        reduce(sourceRow);
        for (int target = next; target < rows.size() && rows.first(target) <= sourceY; target++) {
            float weight = rows.weightOf(target, sourceY);
            if (weight > 0f) {
                float[] accumulator = open[target % open.length];
                for (int i = 0; i < accumulator.length; i++) {
                    accumulator[i] += weight * reduced[i];
                }
            }
        }
        while (next < rows.size() && rows.last(next) <= sourceY) {
            float[] done = open[next % open.length];
            if (alpha) {
                unpremultiply(done);
            }
            sink.row(next, done);
            Arrays.fill(done, 0f);
            next++;
        }
    }

    private void reduce(float[] sourceRow) {
        Arrays.fill(reduced, 0f);
        for (int x = 0; x < columns.size(); x++) {
            int o = x * bands;
            for (int k = columns.offset[x]; k < columns.offset[x + 1]; k++) {
                int s = columns.index[k] * bands;
                float weight = columns.weight[k];
                for (int b = 0; b < bands; b++) {
                    reduced[o + b] += weight * sourceRow[s + b];
                }
            }
        }
    }

    private void unpremultiply(float[] values) {
        for (int i = 0; i < values.length; i += bands) {
            float a = values[i + bands - 1];
            for (int b = 0; b < bands - 1; b++) {
                values[i + b] = a > 0f ? Math.min(255f, values[i + b] * 255f / a) : 0f;
            }
        }
    }

    /** For each target index, the contiguous source indices it covers and their normalised weights. */
    private record Axis(int[] offset, int[] index, float[] weight) {

        static Axis of(double start, double length, int targetLength, int sourceLength) {
            double step = length / targetLength;
            int[] offset = new int[targetLength + 1];
            // Every source pixel in range contributes once, plus once more where it straddles two targets.
            int capacity = (int) Math.ceil(length) + 2 + 2 * targetLength;
            int[] index = new int[capacity];
            float[] weight = new float[capacity];
            int n = 0;
            for (int t = 0; t < targetLength; t++) {
                offset[t] = n;
                double from = start + t * step;
                double to = from + step;
                int first = Math.max(0, (int) Math.floor(from));
                int last = Math.min(sourceLength - 1, (int) Math.ceil(to) - 1);
                double total = 0;
                int begin = n;
                for (int s = first; s <= last; s++) {
                    double covered = Math.min(to, s + 1) - Math.max(from, s);
                    if (covered > 1e-9) {
                        index[n] = s;
                        weight[n] = (float) covered;
                        total += covered;
                        n++;
                    }
                }
                if (n == begin) {
                    index[n] = Math.min(sourceLength - 1, Math.max(0, (int) from));
                    weight[n] = 1f;
                    total = 1;
                    n++;
                }
                for (int k = begin; k < n; k++) {
                    weight[k] = (float) (weight[k] / total);
                }
            }
            offset[targetLength] = n;
            return new Axis(offset, index, weight);
        }

        int size() {
            return offset.length - 1;
        }

        int first(int target) {
            return index[offset[target]];
        }

        int last(int target) {
            return index[offset[target + 1] - 1];
        }

        float weightOf(int target, int source) {
            int k = offset[target] + (source - first(target));
            return k < offset[target + 1] && index[k] == source ? weight[k] : 0f;
        }
    }
}
