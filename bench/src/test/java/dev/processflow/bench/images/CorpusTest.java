package dev.processflow.bench.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.junit.jupiter.api.Test;

class CorpusTest {

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    @Test
    void theSameSeedGivesTheSamePixels() {
        assertThat(pixels(Corpus.picture(320, 240, 7))).isEqualTo(pixels(Corpus.picture(320, 240, 7)));
        assertThat(pixels(Corpus.picture(320, 240, 7))).isNotEqualTo(pixels(Corpus.picture(320, 240, 8)));
    }

    @Test
    void coversSixSizesUpTo24MegapixelsInJpegAndPng() {
        assertThat(Corpus.SIZES.length).isEqualTo(6);
        assertThat(Corpus.SIZES[0]).containsExactly(640, 480);
        assertThat(Corpus.SIZES[Corpus.SIZES.length - 1]).containsExactly(6000, 4000);
        assertThat(Corpus.FORMATS).containsExactly("jpeg", "png");
    }
}
