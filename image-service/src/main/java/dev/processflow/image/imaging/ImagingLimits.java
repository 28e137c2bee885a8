package dev.processflow.image.imaging;

/** Derives how many decoded pixels one resize may hold from the heap it shares with the others. */
public final class ImagingLimits {

    /** Bytes a decoded pixel takes at most (8-bit RGBA), with the filter's per-row buffers on top being small. */
    private static final int BYTES_PER_PIXEL = 4;
    /** The share of the heap the concurrent decodes may take together; the rest is the service's own. */
    private static final double HEAP_SHARE = 0.5;
    /** Below this a band gets so thin that re-reading the source for each band dominates. */
    private static final long MIN_BAND_PIXELS = 1_000_000;

    private ImagingLimits() {
    }

    public static long bandPixels(long maxHeapBytes, int concurrentResizes) {
        long share = (long) (maxHeapBytes * HEAP_SHARE) / Math.max(1, concurrentResizes) / BYTES_PER_PIXEL;
        return Math.max(MIN_BAND_PIXELS, share);
    }
}
