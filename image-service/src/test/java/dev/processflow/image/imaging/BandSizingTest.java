package dev.processflow.image.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BandSizingTest {

    private static final long MB = 1 << 20;

    /** A 7000 x 7000 image decoded to 3 bytes a pixel: 6 bytes a pixel of band with the decoder's copy. */
    private static DecodeProfile image(boolean rereadsAllScans, long wholeImageBytes) {
        return new DecodeProfile(new ImageInfo(ImageFormat.JPEG, 7000, 7000, Orientation.NORMAL), 3, 0,
                wholeImageBytes, 0, rereadsAllScans);
    }

    @Test
    void aBandIsItsShareOfTheBudgetBesideWhatTheResizeHoldsAnyway() {
        BandSizing sizing = new BandSizing(192 * MB, 2, OptionalLong.empty());
        assertThat(sizing.bandPixels(image(false, 0), 66 * MB)).isEqualTo(30 * MB / 6);
        // Never thinner than a million pixels while the budget can give that much...
        assertThat(sizing.bandPixels(image(false, 0), 95 * MB)).isEqualTo(1_000_000);
        // ...and never more than it can give: one row at least, whose cost then tells it cannot fit.
        assertThat(sizing.bandPixels(image(false, 0), 190 * MB)).isEqualTo(2 * MB / 6);
        assertThat(sizing.bandPixels(image(false, 0), 200 * MB)).isEqualTo(7000);
    }

    @Test
    void aJpegThatRepeatsAllItsScansForEveryBandGetsAllTheBudgetCanGive() {
        BandSizing sizing = new BandSizing(192 * MB, 2, OptionalLong.empty());
        assertThat(sizing.bandPixels(image(true, 0), 66 * MB)).isEqualTo(126 * MB / 6);
        assertThat(new BandSizing(2048 * MB, 2, OptionalLong.empty()).bandPixels(image(true, 0), 66 * MB))
                .isEqualTo(49_000_000);
    }

    @Test
    void anImageItsDecoderHoldsWholeIsReadInOneBand() {
        assertThat(new BandSizing(192 * MB, 2, OptionalLong.of(1_000_000)).bandPixels(image(false, 100 * MB), 66 * MB))
                .isEqualTo(49_000_000);
    }

    @Test
    void aConfiguredBandIsKeptWithinWhatTheBudgetCanGive() {
        assertThat(new BandSizing(192 * MB, 2, OptionalLong.of(2_000_000)).bandPixels(image(true, 0), 66 * MB))
                .isEqualTo(2_000_000);
        assertThat(new BandSizing(192 * MB, 2, OptionalLong.of(40_000_000)).bandPixels(image(false, 0), 66 * MB))
                .isEqualTo(126 * MB / 6);
    }
}
