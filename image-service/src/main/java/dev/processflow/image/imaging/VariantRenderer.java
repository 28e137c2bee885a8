package dev.processflow.image.imaging;

import dev.processflow.image.imaging.ImageRejectedException.Reason;
import dev.processflow.image.imaging.VariantSpec.Geometry;
import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns an original into its variants with Java2D and ImageIO only (native-image friendly through quarkus-awt):
 * <ol>
 * <li>the source is decoded in horizontal bands of at most {@code bandPixels} pixels, each band's rows streamed
 * through an exact area-averaging filter, so memory is one band plus the variants, whatever the source size;</li>
 * <li>the reader subsamples (skips pixels) only where the biggest variant taken from the source is still at least
 * {@value #SUBSAMPLING_MARGIN} times smaller than what is decoded, because skipping pixels aliases fine detail;</li>
 * <li>only the biggest variant reads the full-size source; each smaller one is averaged from the smallest variant
 * already made that is still at least {@value #CASCADE_MARGIN} times its size, which costs a fraction of the time;</li>
 * <li>each variant is converted to sRGB (TwelveMonkeys turns CMYK into RGB; ICC-tagged images are converted through
 * their profile), turned upright by its EXIF orientation and encoded without any metadata: JPEG at the configured
 * quality, or PNG when the source has transparency.</li>
 * </ol>
 */
public class VariantRenderer {

    static final int SUBSAMPLING_MARGIN = 4;
    static final double CASCADE_MARGIN = 1.5;

    private final ImageCodecs codecs;
    private final float jpegQuality;
    private final long bandPixels;

    /** {@code bandPixels}: the most decoded source pixels held at once (at most 4 bytes each). */
    public VariantRenderer(ImageCodecs codecs, float jpegQuality, long bandPixels) {
        this.codecs = codecs;
        this.jpegQuality = jpegQuality;
        this.bandPixels = bandPixels;
    }

    public List<RenderedVariant> render(Path original, List<VariantSpec> specs) throws ImageRejectedException, IOException {
        ImageFormat format = ImageInspector.sniff(original);
        try (ImageInputStream in = codecs.open(original)) {
            Orientation orientation = ExifOrientation.read(format, in);
            ImageReader reader = codecs.reader(format);
            try {
                reader.setInput(in, true, true);
                return render(reader, orientation, specs);
            } catch (IOException | RuntimeException e) {
                throw new ImageRejectedException(Reason.CORRUPT, "the " + format.id() + " data cannot be decoded", e);
            } finally {
                reader.dispose();
            }
        }
    }

    private List<RenderedVariant> render(ImageReader reader, Orientation orientation, List<VariantSpec> specs)
            throws IOException {
        int storedWidth = reader.getWidth(0);
        int storedHeight = reader.getHeight(0);
        int uprightWidth = orientation.transposes() ? storedHeight : storedWidth;
        int uprightHeight = orientation.transposes() ? storedWidth : storedHeight;
        List<Geometry> geometries = new ArrayList<>(specs.size());
        for (VariantSpec spec : specs) {
            Geometry upright = spec.geometry(uprightWidth, uprightHeight);
            geometries.add(orientation.transposes() ? upright.transposed() : upright);
        }
        Plan plan = Plan.of(geometries, storedWidth, storedHeight);
        Output[] outputs = new Output[specs.size()];
        boolean translucent = decode(reader, plan, geometries, storedWidth, storedHeight, outputs);
        for (int i : plan.order()) {
            int parent = plan.parent()[i];
            if (parent >= 0) {
                outputs[i] = outputs[parent].derive(geometries.get(i), storedWidth, storedHeight);
            }
        }
        List<RenderedVariant> variants = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            BufferedImage upright = orientation.apply(outputs[i].toSrgb(translucent));
            ImageFormat format = translucent ? ImageFormat.PNG : ImageFormat.JPEG;
            variants.add(new RenderedVariant(specs.get(i).name(), upright.getWidth(), upright.getHeight(), format,
                    encode(upright, format)));
        }
        return variants;
    }

    /** Streams the source, band by band, through the variants made from it; says whether any pixel was translucent. */
    private boolean decode(ImageReader reader, Plan plan, List<Geometry> geometries, int storedWidth, int storedHeight,
            Output[] outputs) throws IOException {
        List<Geometry> fromSource = plan.fromSource().stream().map(geometries::get).toList();
        int step = subsampling(fromSource);
        int decodedWidth = (storedWidth + step - 1) / step;
        int decodedHeight = (storedHeight + step - 1) / step;
        int bandHeight = (int) Math.max(1, Math.min(decodedHeight, bandPixels / decodedWidth));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        List<Output> streamed = new ArrayList<>();
        float[] row = null;
        boolean translucent = false;
        for (int top = 0; top < decodedHeight; top += bandHeight) {
            int rowsInBand = Math.min(bandHeight, decodedHeight - top);
            param.setSourceRegion(new Rectangle(0, top * step, storedWidth,
                    Math.min(rowsInBand * step, storedHeight - top * step)));
            BufferedImage band = reader.read(0, param);
            // Later bands are decoded into the first band's memory.
            param.setDestination(band);
            PixelRows pixels = PixelRows.of(band);
            if (row == null) {
                double scaleX = (double) decodedWidth / storedWidth;
                double scaleY = (double) decodedHeight / storedHeight;
                for (int i : plan.fromSource()) {
                    outputs[i] = new Output(pixels, geometries.get(i).scaled(scaleX, scaleY), decodedWidth, decodedHeight);
                    streamed.add(outputs[i]);
                }
                row = new float[decodedWidth * pixels.bands];
            }
            for (int y = 0; y < rowsInBand; y++) {
                int sourceY = top + y;
                if (streamed.stream().noneMatch(o -> o.filter.wants(sourceY))) {
                    continue;
                }
                pixels.read(y, 0, decodedWidth, row);
                translucent |= pixels.alpha && anyTranslucent(row, pixels.bands);
                for (Output output : streamed) {
                    if (output.filter.wants(sourceY)) {
                        output.filter.push(sourceY, row);
                    }
                }
            }
            if (streamed.stream().allMatch(o -> o.filter.finished())) {
                break;
            }
        }
        return translucent;
    }

    /**
     * The reader's subsampling step for the variants made from the source: the largest that still leaves each of
     * them {@value #SUBSAMPLING_MARGIN} times its target size in decoded pixels, at least 1.
     */
    static int subsampling(List<Geometry> fromSource) {
        double smallestRatio = Double.MAX_VALUE;
        for (Geometry g : fromSource) {
            smallestRatio = Math.min(smallestRatio, g.ratio());
        }
        return Math.max(1, (int) Math.floor(smallestRatio / SUBSAMPLING_MARGIN));
    }

    /**
     * Which variant is made from which: biggest first, each from the smallest earlier whole-image variant at least
     * {@value #CASCADE_MARGIN} times its size, or from the source (parent -1).
     */
    record Plan(List<Integer> order, int[] parent) {

        static Plan of(List<Geometry> geometries, int storedWidth, int storedHeight) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < geometries.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong((Integer i) -> geometries.get(i).area()).reversed());
            int[] parent = new int[geometries.size()];
            Arrays.fill(parent, -1);
            for (int k = 0; k < order.size(); k++) {
                int child = order.get(k);
                Geometry target = geometries.get(child);
                for (int j = 0; j < k; j++) {
                    int candidate = order.get(j);
                    Geometry whole = geometries.get(candidate);
                    double scale = (double) whole.width() / storedWidth;
                    if (whole.coversWhole(storedWidth, storedHeight)
                            && target.scaled(scale, (double) whole.height() / storedHeight).ratio() >= CASCADE_MARGIN
                            && (parent[child] < 0 || whole.area() < geometries.get(parent[child]).area())) {
                        parent[child] = candidate;
                    }
                }
            }
            return new Plan(order, parent);
        }

        List<Integer> fromSource() {
            return order.stream().filter(i -> parent[i] < 0).toList();
        }
    }

    private static boolean anyTranslucent(float[] row, int bands) {
        for (int i = bands - 1; i < row.length; i += bands) {
            if (row[i] < 254.5f) {
                return true;
            }
        }
        return false;
    }

    /** One variant being filled: its filter and the raster it writes to, in the source's colour space and bands. */
    private static final class Output {
        private final PixelRows.Colour colour;
        private final ComponentColorModel model;
        private final WritableRaster raster;
        private final AreaAverage filter;
        private final int bands;

        /** A variant of {@code geometry}, given in the pixels of a {@code sourceWidth} x {@code sourceHeight} source. */
        Output(PixelRows pixels, Geometry geometry, int sourceWidth, int sourceHeight) {
            this.colour = pixels.colour;
            this.bands = pixels.bands;
            ColorSpace space = colour == PixelRows.Colour.OTHER ? pixels.colorSpace
                    : colour == PixelRows.Colour.GRAY ? ColorSpace.getInstance(ColorSpace.CS_GRAY)
                    : ColorSpace.getInstance(ColorSpace.CS_sRGB);
            this.model = new ComponentColorModel(space, pixels.alpha, false,
                    pixels.alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
            int targetWidth = geometry.width();
            this.raster = model.createCompatibleWritableRaster(targetWidth, geometry.height());
            int[] samples = new int[targetWidth * bands];
            this.filter = new AreaAverage(bands, pixels.alpha, geometry.x(), geometry.y(), geometry.sourceWidth(),
                    geometry.sourceHeight(), sourceWidth, sourceHeight, targetWidth, geometry.height(),
                    (row, values) -> {
                        for (int i = 0; i < samples.length; i++) {
                            samples[i] = Math.max(0, Math.min(255, Math.round(values[i])));
                        }
                        raster.setPixels(0, row, targetWidth, 1, samples);
                    });
        }

        /** A smaller variant averaged from this finished whole-image one; {@code geometry} is in stored pixels. */
        Output derive(Geometry geometry, int storedWidth, int storedHeight) {
            int width = raster.getWidth();
            int height = raster.getHeight();
            PixelRows pixels = PixelRows.of(new BufferedImage(model, raster, false, null));
            Output child = new Output(pixels, geometry.scaled((double) width / storedWidth,
                    (double) height / storedHeight), width, height);
            float[] row = new float[width * bands];
            for (int y = 0; y < height && !child.filter.finished(); y++) {
                if (child.filter.wants(y)) {
                    pixels.read(y, 0, width, row);
                    child.filter.push(y, row);
                }
            }
            return child;
        }

        /** The variant as packed sRGB, with alpha only if the source turned out to be translucent. */
        BufferedImage toSrgb(boolean keepAlpha) {
            int width = raster.getWidth();
            int height = raster.getHeight();
            BufferedImage srgb = new BufferedImage(width, height,
                    keepAlpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            if (colour == PixelRows.Colour.OTHER) {
                new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                        .filter(new BufferedImage(model, raster, false, null), srgb);
                return srgb;
            }
            // sRGB and gray samples are copied as they are: gray JPEG and PNG samples are gamma-encoded like sRGB,
            // which Java's linear CS_GRAY conversion would get wrong.
            int[] packed = ((DataBufferInt) srgb.getRaster().getDataBuffer()).getData();
            int[] samples = new int[width * bands];
            boolean alpha = model.hasAlpha();
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, samples);
                for (int x = 0, i = 0; x < width; x++, i += bands) {
                    int r = samples[i];
                    int g = bands <= 2 ? r : samples[i + 1];
                    int b = bands <= 2 ? r : samples[i + 2];
                    int a = alpha && keepAlpha ? samples[i + bands - 1] : 0xFF;
                    packed[y * width + x] = a << 24 | r << 16 | g << 8 | b;
                }
            }
            return srgb;
        }
    }

    private byte[] encode(BufferedImage image, ImageFormat format) throws IOException {
        ImageWriter writer = codecs.writer(format);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
