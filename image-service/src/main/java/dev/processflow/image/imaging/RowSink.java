package dev.processflow.image.imaging;

/**
 * Takes an image's rows in order, top to bottom: {@code width * bands} integer values each. The array is the caller's
 * and is reused for the next row, so a sink copies what it keeps.
 */
@FunctionalInterface
interface RowSink {
    void row(int[] values);
}
