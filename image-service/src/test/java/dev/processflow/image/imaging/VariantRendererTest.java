package dev.processflow.image.imaging;

import static dev.processflow.image.imaging.OutputInspection.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.image.imaging.VariantSpec.Fit;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VariantRendererTest {

    private static final List<VariantSpec> DEFAULTS = List.of(
            new VariantSpec("thumb", 150, 150, Fit.COVER),
            new VariantSpec("small", 400, 400, Fit.CONTAIN),
            new VariantSpec("medium", 1024, 1024, Fit.CONTAIN),
            new VariantSpec("large", 2048, 2048, Fit.CONTAIN));

    private final ImageCodecs codecs = new ImageCodecs();
    private final VariantRenderer renderer = new VariantRenderer(codecs, 0.85f, bands(16_000_000));

    @TempDir
    Path directory;

    @Test
    void defaultVariantsHaveExactSizesAndNeverUpscale() throws Exception {
        assertThat(sizes(TestImages.jpeg(TestImages.gradient(3000, 2000)))).isEqualTo(Map.of(
                "thumb", "150x150", "small", "400x267", "medium", "1024x683", "large", "2048x1365"));
        assertThat(sizes(TestImages.png(TestImages.gradient(1200, 1800)))).isEqualTo(Map.of(
                "thumb", "150x150", "small", "267x400", "medium", "683x1024", "large", "1200x1800"));
        assertThat(sizes(TestImages.jpeg(TestImages.gradient(300, 200)))).isEqualTo(Map.of(
                "thumb", "150x150", "small", "300x200", "medium", "300x200", "large", "300x200"));
        assertThat(sizes(TestImages.bmp(TestImages.gradient(100, 80)))).isEqualTo(Map.of(
                "thumb", "100x80", "small", "100x80", "medium", "100x80", "large", "100x80"));
        assertThat(sizes(TestImages.png(TestImages.gradient(400, 120)))).isEqualTo(Map.of(
                "thumb", "150x120", "small", "400x120", "medium", "400x120", "large", "400x120"));
        assertThat(sizes(TestImages.WEBP_LOSSY)).isEqualTo(Map.of(
                "thumb", "1x1", "small", "1x1", "medium", "1x1", "large", "1x1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationIsApplied(int orientation) throws Exception {
        BufferedImage upright = TestImages.quadrants(240, 120);
        byte[] jpeg = TestImages.jpegWithExif(TestImages.storedFor(upright, orientation), orientation);
        List<RenderedVariant> variants = render(jpeg, List.of(
                new VariantSpec("fit", 120, 120, Fit.CONTAIN), new VariantSpec("square", 60, 60, Fit.COVER)));

        BufferedImage fit = decode(variants.get(0).bytes());
        assertThat(fit.getWidth()).isEqualTo(120);
        assertThat(fit.getHeight()).isEqualTo(60);
        assertColour(fit, 30, 15, TestImages.RED);
        assertColour(fit, 90, 15, TestImages.GREEN);
        assertColour(fit, 30, 45, TestImages.BLUE);
        assertColour(fit, 90, 45, TestImages.YELLOW);
        BufferedImage square = decode(variants.get(1).bytes());
        assertThat(square.getWidth()).isEqualTo(60);
        assertThat(square.getHeight()).isEqualTo(60);
        assertColour(square, 10, 10, TestImages.RED);
        assertColour(square, 50, 50, TestImages.YELLOW);
    }

    @Test
    void variantsCarryNoMetadata() throws Exception {
        BufferedImage upright = TestImages.gradient(600, 400);
        byte[] jpeg = TestImages.jpegWithExif(TestImages.storedFor(upright, 3), 3);
        assertThat(OutputInspection.contains(jpeg, "Acme")).isTrue();
        assertThat(OutputInspection.contains(jpeg, "secret comment")).isTrue();

        for (RenderedVariant variant : render(jpeg, DEFAULTS)) {
            assertThat(variant.format()).isEqualTo(ImageFormat.JPEG);
            // Only JFIF (APP0), quantisation, frame, Huffman tables and the scan: no EXIF, GPS, ICC or comment.
            assertThat(OutputInspection.jpegMarkers(variant.bytes())).allMatch(m -> m == 0xE0 || m == 0xDB
                    || m == 0xC0 || m == 0xC4 || m == 0xDA || m == 0xDD);
            assertThat(OutputInspection.contains(variant.bytes(), "Exif")).isFalse();
            assertThat(OutputInspection.contains(variant.bytes(), "Acme")).isFalse();
            assertThat(OutputInspection.contains(variant.bytes(), "secret comment")).isFalse();
        }
    }

    @Test
    void cmykIsConvertedToSrgb() throws Exception {
        RenderedVariant variant = render(TestImages.cmykJpeg(320, 240, 0, 255, 255, 0),
                List.of(new VariantSpec("small", 160, 160, Fit.CONTAIN))).get(0);
        BufferedImage image = decode(variant.bytes());
        assertThat(image.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        assertThat(variant.width()).isEqualTo(160);
        // Magenta and yellow ink, no cyan or black: red, not the near-black a misread CMYK would give.
        Color colour = new Color(image.getRGB(80, 60));
        assertThat(colour.getRed()).isGreaterThan(180);
        assertThat(colour.getGreen()).isLessThan(90);
        assertThat(colour.getBlue()).isLessThan(90);
    }

    @Test
    void iccTaggedImagesAreConvertedThroughTheirProfile() throws Exception {
        RenderedVariant variant = render(TestImages.linearRgbJpeg(200, 100, 51),
                List.of(new VariantSpec("small", 100, 100, Fit.CONTAIN))).get(0);
        assertThat(OutputInspection.jpegMarkers(variant.bytes())).doesNotContain(0xE2);
        // 20% in linear light is about 48% in sRGB (124); taken as sRGB numbers it would stay at 51.
        Color colour = new Color(decode(variant.bytes()).getRGB(50, 25));
        assertThat(colour.getGreen()).isBetween(114, 134);
    }

    @Test
    void transparencyIsKeptAsPng() throws Exception {
        BufferedImage picture = new BufferedImage(400, 200, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                picture.setRGB(x, y, x < 200 ? 0x00000000 : 0xFF1E28DC);
            }
        }
        List<RenderedVariant> variants = render(TestImages.png(picture), DEFAULTS);

        for (RenderedVariant variant : variants) {
            assertThat(variant.format()).isEqualTo(ImageFormat.PNG);
            assertThat(OutputInspection.pngChunks(variant.bytes()))
                    .doesNotContain("tEXt", "zTXt", "iTXt", "eXIf", "tIME", "iCCP");
        }
        BufferedImage small = decode(variants.get(1).bytes());
        assertThat(small.getWidth()).isEqualTo(400);
        assertThat(small.getRGB(50, 100) >>> 24).isZero();
        // Averaging next to transparent pixels must not darken the opaque colour (alpha is premultiplied).
        assertThat(small.getRGB(350, 100)).isEqualTo(0xFF1E28DC);
        BufferedImage thumb = decode(variants.get(0).bytes());
        assertThat(thumb.getRGB(10, 75) >>> 24).isZero();
        assertThat(thumb.getRGB(140, 75)).isEqualTo(0xFF1E28DC);
    }

    @Test
    void anOpaqueImageWithAnAlphaChannelBecomesJpeg() throws Exception {
        BufferedImage opaque = TestImages.solid(100, 100, TestImages.GREEN, BufferedImage.TYPE_INT_ARGB);
        assertThat(render(TestImages.png(opaque), DEFAULTS)).allMatch(v -> v.format() == ImageFormat.JPEG);
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws Exception {
        RenderedVariant variant = render(TestImages.animatedGif(64, 48, TestImages.RED, TestImages.BLUE, TestImages.GREEN),
                List.of(new VariantSpec("small", 32, 32, Fit.CONTAIN))).get(0);
        assertThat(variant.width()).isEqualTo(32);
        assertColour(decode(variant.bytes()), 16, 12, TestImages.RED);
    }

    @Test
    void grayImagesKeepTheirBrightness() throws Exception {
        // Gray JPEG samples are gamma-encoded like sRGB: a stored 100 is shown as sRGB (100, 100, 100).
        BufferedImage gray = new BufferedImage(200, 200, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        RenderedVariant variant = render(TestImages.jpeg(gray), List.of(new VariantSpec("s", 50, 50, Fit.CONTAIN))).get(0);
        assertColour(decode(variant.bytes()), 25, 25, new Color(100, 100, 100));
    }

    @Test
    void everySourcePixelCountsNotJustSampledOnes() throws Exception {
        BufferedImage checker = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 400; x++) {
                checker.setRGB(x, y, ((x + y) & 1) == 0 ? 0x000000 : 0xFFFFFF);
            }
        }
        BufferedImage small = decode(render(TestImages.png(checker),
                List.of(new VariantSpec("s", 100, 100, Fit.CONTAIN))).get(0).bytes());
        for (int y = 5; y < 100; y += 10) {
            for (int x = 5; x < 100; x += 10) {
                // Point sampling (or bilinear from far away) would give pure black or white here.
                assertThat((small.getRGB(x, y) >> 8) & 0xFF).isBetween(120, 136);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void decodingInBandsGivesTheSameVariantsAsOneDecode(String format) throws Exception {
        BufferedImage picture = TestImages.gradient(900, 700);
        // The JPEG's thumbnail is box-averaged by 2 first, whose blocks straddle some band boundaries.
        Path source = file(format.equals("png") ? TestImages.png(picture) : TestImages.jpeg(picture));
        VariantRenderer thinBands = new VariantRenderer(codecs, 0.85f, bands(900 * 37));
        List<RenderedVariant> whole = renderer.render(source, DEFAULTS, Admissions.UNBOUNDED);
        List<RenderedVariant> banded = thinBands.render(source, DEFAULTS, Admissions.UNBOUNDED);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(banded.get(i).bytes()).isEqualTo(whole.get(i).bytes());
        }
    }

    @Test
    void undecodableDataIsACorruptImage() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(300, 200));
        byte[] damaged = jpeg.clone();
        for (int i = 150; i < 400; i++) {
            damaged[i] = (byte) 0xFF;
        }
        assertThatThrownBy(() -> render(damaged, DEFAULTS)).isInstanceOf(ImageRejectedException.class);
    }

    private Map<String, String> sizes(byte[] image) throws Exception {
        return render(image, DEFAULTS).stream().collect(Collectors.toMap(RenderedVariant::name, v -> {
            BufferedImage decoded = decode(v.bytes());
            assertThat(decoded.getWidth()).isEqualTo(v.width());
            assertThat(decoded.getHeight()).isEqualTo(v.height());
            return v.width() + "x" + v.height();
        }));
    }

    private List<RenderedVariant> render(byte[] image, List<VariantSpec> specs) throws Exception {
        return renderer.render(file(image), specs, Admissions.UNBOUNDED);
    }

    /** Bands of a fixed size, within a budget that never limits them. */
    private static BandSizing bands(long pixels) {
        return new BandSizing(1L << 40, 1, OptionalLong.of(pixels));
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(directory, "original-", ".bin"), bytes);
    }

    private static void assertColour(BufferedImage image, int x, int y, Color expected) {
        Color actual = new Color(image.getRGB(x, y));
        Function<Color, int[]> rgb = c -> new int[] {c.getRed(), c.getGreen(), c.getBlue()};
        int[] a = rgb.apply(actual);
        int[] e = rgb.apply(expected);
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("channel %d at (%d,%d): %s vs %s", i, x, y, actual, expected)
                    .isLessThanOrEqualTo(24);
        }
    }
}
