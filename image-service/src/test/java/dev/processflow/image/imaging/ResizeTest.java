package dev.processflow.image.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.image.imaging.VariantSpec.Fit;
import dev.processflow.image.imaging.VariantSpec.Geometry;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resampler against libvips 8.14.1 itself: the expected pixels below were produced by {@code vips reduceh},
 * {@code vips reducev} and {@code vips resize} (Debian's libvips-tools 8.14.1) from the same inputs, and the sizes
 * and crops are what {@code vipsthumbnail} gives.
 */
class ResizeTest {

    private static final int[] STEP = new int[40];

    static {
        Arrays.fill(STEP, 20, 40, 255);
    }

    @ParameterizedTest
    @CsvSource({"1, 255, 1.5", "3, 255, 2.9296875", "3, 255, 4.0", "4, 4080, 7.3", "1, 255, 26.666666666666668",
        "3, 4080, 1.0005"})
    void aConstantImageStaysConstant(int bands, int max, double shrink) {
        int width = 301;
        int height = 203;
        int[] row = new int[width * bands];
        for (int i = 0; i < row.length; i++) {
            row[i] = max * (i % bands + 1) / (bands + 1);
        }
        List<int[]> rows = new ArrayList<>();
        Resize resize = new Resize(width, height, bands, max, shrink, shrink, values -> rows.add(values.clone()));
        for (int y = 0; y < height; y++) {
            resize.input.row(row);
        }

        assertThat(rows).hasSize(resize.height);
        for (int[] values : rows) {
            assertThat(values).hasSize(resize.width * bands);
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).isEqualTo(max * (i % bands + 1) / (bands + 1));
            }
        }
    }

    @Test
    void aHorizontalStepEdgeGivesLibvipsLanczos3Values() {
        List<int[]> rows = new ArrayList<>();
        new HorizontalReduce(AxisReduction.of(40, 2.5), 1, 255, values -> rows.add(values.clone())).row(STEP);

        // The ringing of Lanczos3 either side of the edge, with libvips's truncated 12-bit weights (hence 254).
        assertThat(rows.get(0)).containsExactly(0, 0, 0, 0, 0, 1, 0, 15, 240, 255, 254, 255, 255, 255, 255, 255);
    }

    @Test
    void aVerticalStepEdgeGivesLibvipsLanczos3Values() {
        List<Integer> column = new ArrayList<>();
        VerticalReduce reduce = new VerticalReduce(AxisReduction.of(40, 2.5), 1, 255, values -> column.add(values[0]));
        for (int value : STEP) {
            reduce.row(new int[] {value});
        }

        // libvips's 6-bit vertical weights round differently from the horizontal ones: 16 and 239.
        assertThat(column).containsExactly(0, 0, 0, 0, 0, 0, 0, 16, 239, 255, 255, 255, 255, 255, 255, 255);
    }

    @Test
    void boxThenLanczos3OnBothAxesMatchesLibvipsResize() {
        // 31 x 23 shrunk by 5.3: a box of 2 then Lanczos3 by 2.65 on each axis, into 6 x 4.
        List<int[]> rows = new ArrayList<>();
        Resize resize = new Resize(31, 23, 1, 255, 1 / (1 / 5.3), 1 / (1 / 5.3), values -> rows.add(values.clone()));
        for (int y = 0; y < 23; y++) {
            int[] row = new int[31];
            for (int x = 0; x < 31; x++) {
                row[x] = (x * x * 7 + y * 13 + x * y) % 256;
            }
            resize.input.row(row);
        }

        assertThat(rows).containsExactly(
                new int[] {84, 142, 124, 122, 125, 136},
                new int[] {137, 135, 124, 137, 126, 127},
                new int[] {164, 122, 134, 131, 119, 131},
                new int[] {109, 136, 123, 111, 134, 131});
    }

    @Test
    void axisReductionsLeaveAtLeastTwoForLanczos3() {
        assertThat(AxisReduction.of(2000, 2000 / 1365.0)).satisfies(a -> {
            assertThat(a.outputSize()).isEqualTo(1365);
            assertThat(a.box()).isEqualTo(1);
            assertThat(a.points()).isEqualTo(9);
        });
        assertThat(AxisReduction.of(4000, 4000 / 150.0)).satisfies(a -> {
            assertThat(a.outputSize()).isEqualTo(150);
            assertThat(a.box()).isEqualTo(13);
            assertThat(a.boxedSize()).isEqualTo(308);
            assertThat(a.shrink()).isBetween(2.0, 2.1);
        });
        // 1080 / 7.2 = 150 exactly, 1920 / 7.2 = 266.67 rounds up, so libvips's crop starts at (267 - 150) / 2 = 58.
        assertThat(AxisReduction.of(1920, 7.2).outputSize()).isEqualTo(267);
        assertThat(AxisReduction.of(1080, 7.2).outputSize()).isEqualTo(150);
    }

    @Test
    void coverResizesSoTheShortSideFitsThenCropsTheCentreInWholePixels() {
        VariantSpec thumb = new VariantSpec("thumb", 150, 150, Fit.COVER);

        Geometry png = thumb.geometry(1920, 1080, false, false);
        assertThat(png.load()).isEqualTo(1);
        assertThat(png.hshrink()).isEqualTo(7.2);
        Resize resized = new Resize(1920, 1080, 3, 255, png.hshrink(), png.vshrink(), values -> { });
        assertThat(thumb.crop(resized.width, resized.height)).isEqualTo(new Rectangle(58, 0, 150, 150));

        // A JPEG is box-averaged by 2 first, as libvips decodes it at half size, then shrunk by 3.6.
        Geometry jpeg = thumb.geometry(1920, 1080, false, true);
        assertThat(jpeg).isEqualTo(new Geometry(2, 960, 540, 3.6, 3.6));
        resized = new Resize(960, 540, 3, 255, jpeg.hshrink(), jpeg.vshrink(), values -> { });
        assertThat(thumb.crop(resized.width, resized.height)).isEqualTo(new Rectangle(58, 0, 150, 150));
    }

    @Test
    void aJpegIsBoxAveragedByTheLargestPowerOfTwoThatLeavesAFactorOfTwo() {
        assertThat(new VariantSpec("thumb", 150, 150, Fit.COVER).geometry(6000, 4000, false, true).load()).isEqualTo(8);
        assertThat(new VariantSpec("small", 400, 400, Fit.CONTAIN).geometry(6000, 4000, false, true).load()).isEqualTo(4);
        assertThat(new VariantSpec("medium", 1024, 1024, Fit.CONTAIN).geometry(6000, 4000, false, true).load())
                .isEqualTo(2);
        assertThat(new VariantSpec("large", 2048, 2048, Fit.CONTAIN).geometry(6000, 4000, false, true))
                .isEqualTo(new Geometry(1, 6000, 4000, 6000 / 2048.0, 6000 / 2048.0));
        // An odd size keeps its last, partial block.
        assertThat(new VariantSpec("small", 400, 400, Fit.CONTAIN).geometry(6001, 4001, false, true))
                .satisfies(g -> assertThat(g.loadedWidth()).isEqualTo(1501));
    }

    @Test
    void aQuarterTurnSwapsTheBoxAgainstTheStoredPixels() {
        // Stored 3000 x 4000, shown 4000 x 3000: fitting 400 x 200 upright means 200 x 400 in stored pixels.
        Geometry g = new VariantSpec("wide", 400, 200, Fit.CONTAIN).geometry(3000, 4000, true, false);
        assertThat(g.hshrink()).isEqualTo(15.0);
        Resize resized = new Resize(3000, 4000, 3, 255, g.hshrink(), g.vshrink(), values -> { });
        assertThat(resized.width).isEqualTo(200);
        assertThat(resized.height).isEqualTo(267);
    }

    @Test
    void boxAveragesCopyTheEdgeIntoPartialBlocksAndRoundHalvesUp() {
        List<int[]> rows = new ArrayList<>();
        BoxShrink box = new BoxShrink(5, 3, 1, 2, 2, values -> rows.add(values.clone()));
        box.row(new int[] {0, 1, 10, 20, 7});
        box.row(new int[] {1, 0, 30, 40, 9});
        box.row(new int[] {4, 4, 50, 61, 100});

        // (0+1+1+0)/4 = 0.5 rounds up; 25; the last column counted twice: (7+7+9+9)/4 = 8.
        // The bottom row counted twice: 4; (50+61)*2/4 = 55.5 rounds up; 100.
        assertThat(rows).containsExactly(new int[] {1, 25, 8}, new int[] {4, 56, 100});
    }
}
