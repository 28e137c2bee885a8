package dev.processflow.image.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeProfileTest {

    private static final long LIMIT = 50_000_000;
    private static final long MB = 1 << 20;

    private final ImageCodecs codecs = new ImageCodecs();
    private final ImageInspector inspector = new ImageInspector(codecs);

    @TempDir
    Path directory;

    @Test
    void aProgressiveJpegHoldsTheCoefficientsOfTheWholeImageOutsideTheHeap() throws Exception {
        long pixels = 7000L * 7000;
        DecodeProfile full = profile(ProgressiveJpeg.full(7000, 7000, 1));
        assertThat(full.rereadsAllScans()).isTrue();
        assertThat(full.nativeBytes()).isBetween(pixels * 6, pixels * 6 + 8 * MB);
        DecodeProfile subsampled = profile(ProgressiveJpeg.subsampled(7000, 7000, 1));
        assertThat(subsampled.nativeBytes()).isBetween(pixels * 3, pixels * 3 + 16 * MB);
        assertThat(profile(ProgressiveJpeg.fourComponents(7000, 7000, 1)).nativeBytes()).isGreaterThan(pixels * 8);
        // The same picture in one scan streams: libjpeg keeps a few rows.
        DecodeProfile baseline = profile(TestImages.jpeg(TestImages.gradient(2000, 1500)));
        assertThat(baseline.rereadsAllScans()).isFalse();
        assertThat(baseline.nativeBytes()).isLessThan(2000L * 1500 * 3 / 2);
        assertThat(baseline.decodesWholeImage()).isFalse();
        assertThat(baseline.bytesPerPixel()).isEqualTo(3);
    }

    /**
     * Measured as the container would: resident memory, in the JVM the service runs in (a pre-touched heap of fixed
     * size, so only memory outside the heap can grow).
     */
    @Test
    @Tag(ServiceMemory.TAG)
    void theNativeEstimateIsWhatLibjpegReallyTakes() throws Exception {
        assumeTrue(ResidentMemory.measurable(), "the peak resident memory can be reset on Linux only");
        for (byte[] jpeg : new byte[][] {ProgressiveJpeg.full(4000, 4000, 2), ProgressiveJpeg.subsampled(4000, 4000, 3)}) {
            Path file = file(jpeg);
            DecodeProfile profile = inspector.header(file, LIMIT);
            // Once first, so the measured run finds the code loaded and the heap's pages in use.
            inspector.verify(file, profile, Admissions.UNBOUNDED);
            System.gc();
            long before = ResidentMemory.current();
            ResidentMemory.resetPeak();
            inspector.verify(file, profile, Admissions.UNBOUNDED);
            long grew = ResidentMemory.peak() - before;

            assertThat(grew).as("resident memory grew by %d MB for an estimate of %d MB", grew >> 20,
                    profile.trialCost().nativeBytes() >> 20).isLessThanOrEqualTo(profile.trialCost().nativeBytes());
            assertThat(grew).as("the estimate is not padded far beyond what libjpeg takes")
                    .isGreaterThan(profile.nativeBytes() * 8 / 10);
        }
    }

    @Test
    void webpIsHeldWholeOnTheHeapAndPngStreams() throws Exception {
        DecodeProfile lossy = profile(TestImages.WEBP_LOSSY);
        assertThat(lossy.decodesWholeImage()).isTrue();
        assertThat(lossy.wholeImageBytes()).isEqualTo(DecodeProfile.WEBP_LOSSY_BYTES_PER_PIXEL * lossy.info().pixels());
        DecodeProfile lossless = profile(TestImages.WEBP_LOSSLESS);
        assertThat(lossless.wholeImageBytes())
                .isEqualTo(DecodeProfile.WEBP_LOSSLESS_BYTES_PER_PIXEL * lossless.info().pixels());
        DecodeProfile png = profile(TestImages.png(TestImages.gradient(300, 200)));
        assertThat(png.decodesWholeImage()).isFalse();
        assertThat(png.nativeBytes()).isZero();
        assertThat(png.reading(1_000_000).heapBytes()).isGreaterThan(png.bandBytesPerPixel() * 1_000_000);
    }

    @Test
    void theTrialOfAProgressiveJpegReadsOneRowYetRefusesWhatAWholeReadRefuses() throws Exception {
        byte[] good = TestImages.progressiveJpeg(picture(600, 400));
        Random random = new Random(11);
        int refused = 0;
        for (int round = 0; round < 60; round++) {
            byte[] damaged = good.clone();
            int at = 700 + random.nextInt(damaged.length - 800);
            int length = round % 3 == 0 ? 1 + random.nextInt(2000) : 1 + random.nextInt(8);
            for (int i = at; i < Math.min(damaged.length - 2, at + length); i++) {
                damaged[i] = (byte) random.nextInt(256);
            }
            Path file = file(damaged);
            boolean wholeReadRefuses = !decodesSubsampled(file) || !JpegStructure.isComplete(file);
            boolean trialRefuses;
            try {
                inspector.verify(file, inspector.header(file, LIMIT), Admissions.UNBOUNDED);
                trialRefuses = false;
            } catch (ImageRejectedException e) {
                trialRefuses = true;
            }
            assertThat(trialRefuses).as("damage of %d bytes at %d", length, at).isEqualTo(wholeReadRefuses);
            refused += trialRefuses ? 1 : 0;
        }
        assertThat(refused).isGreaterThan(5);
    }

    /** What the trial decode did before: every row, subsampled to 256 pixels. */
    private boolean decodesSubsampled(Path file) throws IOException {
        try (ImageInputStream in = codecs.open(file)) {
            ImageReader reader = codecs.reader(ImageFormat.JPEG);
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (Math.max(reader.getWidth(0), reader.getHeight(0)) + 255) / 256;
                param.setSourceSubsampling(step, step, 0, 0);
                reader.read(0, param);
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage picture = TestImages.gradient(width, height);
        Graphics2D g = picture.createGraphics();
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(60), 10 + random.nextInt(60));
        }
        g.dispose();
        return picture;
    }

    private DecodeProfile profile(byte[] image) throws Exception {
        return inspector.header(file(image), Long.MAX_VALUE);
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(directory, "image-", ".bin"), bytes);
    }
}
