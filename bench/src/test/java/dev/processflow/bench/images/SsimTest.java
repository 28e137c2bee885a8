package dev.processflow.bench.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SsimTest {

    private static BufferedImage picture() {
        return Corpus.picture(160, 120, 7);
    }

    private static BufferedImage noisy(BufferedImage image, int amplitude) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(1);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int d = random.nextInt(2 * amplitude + 1) - amplitude;
                int r = clamp(((rgb >> 16) & 0xff) + d);
                int g = clamp(((rgb >> 8) & 0xff) + d);
                int b = clamp((rgb & 0xff) + d);
                copy.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return copy;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void identicalImagesScoreOne() {
        BufferedImage a = picture();
        assertThat(Ssim.ssim(a, picture())).isEqualTo(1.0);
        assertThat(Ssim.psnr(a, picture())).isInfinite();
    }

    @Test
    void moreNoiseScoresLower() {
        BufferedImage a = picture();
        double slight = Ssim.ssim(a, noisy(a, 3));
        double heavy = Ssim.ssim(a, noisy(a, 40));
        assertThat(slight).isLessThan(1.0).isGreaterThan(heavy);
        assertThat(heavy).isLessThan(0.8);
        assertThat(Ssim.psnr(a, noisy(a, 3))).isGreaterThan(Ssim.psnr(a, noisy(a, 40)));
    }

    @Test
    void aConstantShiftOfBrightnessCostsLittleStructure() {
        BufferedImage a = picture();
        BufferedImage brighter = new BufferedImage(a.getWidth(), a.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int rgb = a.getRGB(x, y);
                brighter.setRGB(x, y, (clamp(((rgb >> 16) & 0xff) + 5) << 16) | (clamp(((rgb >> 8) & 0xff) + 5) << 8)
                        | clamp((rgb & 0xff) + 5));
            }
        }
        assertThat(Ssim.ssim(a, brighter)).isGreaterThan(0.98);
    }

    @Test
    void resampledToMatchKeepsTheRequestedSize() {
        BufferedImage resized = Ssim.resized(picture(), 159, 121);
        assertThat(resized.getWidth()).isEqualTo(159);
        assertThat(resized.getHeight()).isEqualTo(121);
    }
}
