package dev.processflow.image.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.image.imaging.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {

    private static final long LIMIT = 50_000_000;

    private final ImageInspector inspector = new ImageInspector(new ImageCodecs());

    @TempDir
    Path directory;

    @Test
    void readsFormatSizeAndOrientationFromTheHeader() throws Exception {
        BufferedImage stored = TestImages.storedFor(TestImages.quadrants(64, 32), 6);
        ImageInfo info = inspect(file(TestImages.jpegWithExif(stored, 6)), LIMIT);

        assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(info.storedWidth()).isEqualTo(32);
        assertThat(info.storedHeight()).isEqualTo(64);
        assertThat(info.orientation()).isEqualTo(Orientation.ROTATE_90_CW);
        assertThat(info.width()).isEqualTo(64);
        assertThat(info.height()).isEqualTo(32);
    }

    @Test
    void acceptsEveryFormat() throws Exception {
        BufferedImage picture = TestImages.quadrants(30, 20);
        assertThat(inspect(file(TestImages.png(picture)), LIMIT).format()).isEqualTo(ImageFormat.PNG);
        assertThat(inspect(file(TestImages.bmp(picture)), LIMIT).format()).isEqualTo(ImageFormat.BMP);
        assertThat(inspect(file(TestImages.animatedGif(30, 20, TestImages.RED, TestImages.BLUE)), LIMIT)
                .format()).isEqualTo(ImageFormat.GIF);
        assertThat(inspect(file(TestImages.WEBP_LOSSY), LIMIT).format()).isEqualTo(ImageFormat.WEBP);
        assertThat(inspect(file(TestImages.WEBP_LOSSLESS), LIMIT).format()).isEqualTo(ImageFormat.WEBP);
        assertThat(inspect(file(TestImages.cmykJpeg(30, 20, 0, 255, 255, 0)), LIMIT).format())
                .isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void pixelFloodsAreRefusedFromTheirHeaderAlone() throws Exception {
        Path png = file(TestImages.pixelFloodPng(65000, 65000));
        Path jpeg = file(TestImages.pixelFloodJpeg(65000, 65000));
        assertThat(Files.size(png)).isLessThan(1024);
        assertThat(Files.size(jpeg)).isLessThan(2048);

        long start = System.nanoTime();
        assertRejected(png, Reason.TOO_MANY_PIXELS);
        assertRejected(jpeg, Reason.TOO_MANY_PIXELS);
        // A decode of 4.2 gigapixels could neither fit in the heap nor finish in this time.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void theLimitIsOnDeclaredPixels() throws Exception {
        Path picture = file(TestImages.png(TestImages.quadrants(100, 100)));
        assertThat(inspect(picture, 10_000).pixels()).isEqualTo(10_000);
        assertThatThrownBy(() -> inspect(picture, 9_999)).isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
    }

    @Test
    void truncatedAndCorruptDataIsRefused() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(400, 300));
        byte[] png = TestImages.png(TestImages.gradient(400, 300));
        assertRejected(file(TestImages.truncated(jpeg, 0.6)), Reason.CORRUPT);
        assertRejected(file(TestImages.truncated(jpeg, 0.995)), Reason.CORRUPT);
        assertRejected(file(TestImages.truncated(png, 0.6)), Reason.CORRUPT);
        assertRejected(file(TestImages.truncated(jpeg, 0.002)), Reason.CORRUPT);
        byte[] garbage = jpeg.clone();
        for (int i = 200; i < garbage.length - 2; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertRejected(file(garbage), Reason.CORRUPT);
    }

    @Test
    void namesAndDeclaredTypesDoNotMatterOnlyBytes() throws Exception {
        assertRejected(file("looks like a photo.jpg", "this is plain text\n".getBytes(StandardCharsets.US_ASCII)),
                Reason.UNSUPPORTED_FORMAT);
        assertRejected(file("page.jpg", "<html><body>hi</body></html>".getBytes(StandardCharsets.US_ASCII)),
                Reason.UNSUPPORTED_FORMAT);
    }

    private ImageInfo inspect(Path file, long maxPixels) throws Exception {
        DecodeProfile profile = inspector.header(file, maxPixels);
        inspector.verify(file, profile, Admissions.UNBOUNDED);
        return profile.info();
    }

    private void assertRejected(Path file, Reason reason) {
        assertThatThrownBy(() -> inspect(file, LIMIT))
                .isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(reason);
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(directory, "upload-", ".bin"), bytes);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }
}
