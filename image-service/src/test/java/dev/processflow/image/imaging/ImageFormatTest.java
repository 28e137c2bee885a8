package dev.processflow.image.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private static final BufferedImage PICTURE = TestImages.quadrants(8, 8);

    @Test
    void everyAcceptedFormatIsRecognisedByItsBytes() {
        assertThat(sniff(TestImages.jpeg(PICTURE))).contains(ImageFormat.JPEG);
        assertThat(sniff(TestImages.png(PICTURE))).contains(ImageFormat.PNG);
        assertThat(sniff(TestImages.animatedGif(8, 8, TestImages.RED))).contains(ImageFormat.GIF);
        assertThat(sniff(TestImages.WEBP_LOSSY)).contains(ImageFormat.WEBP);
        assertThat(sniff(TestImages.WEBP_LOSSLESS)).contains(ImageFormat.WEBP);
        assertThat(sniff(TestImages.WEBP_ALPHA)).contains(ImageFormat.WEBP);
        assertThat(sniff(TestImages.bmp(PICTURE))).contains(ImageFormat.BMP);
    }

    @Test
    void anythingElseIsNotAnImage() {
        assertThat(sniff(ascii("just some text that someone named photo.jpg\n"))).isEmpty();
        assertThat(sniff(ascii("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"))).isEmpty();
        assertThat(sniff(ascii("BM is how this text starts, and nothing more"))).isEmpty();
        assertThat(sniff(ascii("RIFF....WAVEfmt "))).isEmpty();
        assertThat(sniff(ascii("%PDF-1.7"))).isEmpty();
        assertThat(sniff(new byte[0])).isEmpty();
        assertThat(sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    }

    private static java.util.Optional<ImageFormat> sniff(byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, ImageFormat.SNIFF_LENGTH);
        return ImageFormat.sniff(head, Math.min(bytes.length, head.length));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
