package dev.processflow.image.imaging;

import java.util.OptionalLong;

/**
 * How many source pixels a resize decodes at a time (a band): each band is its own read, so fewer bands cost less
 * time, while a band's pixels are most of what a resize holds on the heap. {@code heapBudget} is the heap all decodes
 * share, {@code concurrentResizes} how many resizes may run at once, {@code bandPixels} an operator's fixed band size,
 * still capped by what the budget can ever give.
 */
public record BandSizing(long heapBudget, int concurrentResizes, OptionalLong bandPixels) {

    /** Below this a band gets so thin that re-reading the source for each band dominates. */
    static final long MIN_BAND_PIXELS = 1_000_000;

    /**
     * The band for an image whose resize holds {@code heapBesidesBand} on the heap besides the band: by default its
     * share of the budget (one of {@code concurrentResizes}), but as much as the budget can give for a JPEG whose
     * every read repeats all its scans, and the whole image when the decoder holds all of it anyway. Whole rows, at
     * least one: if even that cannot fit the budget, the resize's cost says so.
     */
    long bandPixels(DecodeProfile profile, long heapBesidesBand) {
        long pixels = profile.info().pixels();
        if (profile.decodesWholeImage()) {
            return pixels;
        }
        long perPixel = profile.bandBytesPerPixel();
        long affordable = Math.max(0, heapBudget - heapBesidesBand) / perPixel;
        long share = Math.max(0, heapBudget / Math.max(1, concurrentResizes) - heapBesidesBand) / perPixel;
        long wanted = bandPixels.orElse(profile.rereadsAllScans() ? affordable : Math.max(share, MIN_BAND_PIXELS));
        return Math.max(profile.info().storedWidth(), Math.min(Math.min(wanted, affordable), pixels));
    }
}
