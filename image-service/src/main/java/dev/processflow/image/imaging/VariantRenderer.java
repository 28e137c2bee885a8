package dev.processflow.image.imaging;

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
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns an original into its variants with Java2D and ImageIO only (native-image friendly through quarkus-awt),
 * resampling like libvips 8.14's {@code vipsthumbnail}, so the variants match what that widely used tool makes:
 * <ol>
 * <li>the source is decoded once, in horizontal bands ({@link BandSizing}), and its rows streamed through every
 * variant's filters, so memory is one band plus a few rows per filter plus the variants, whatever the source size; the
 * decode starts only once the memory it will hold is admitted ({@link DecodeAdmission});</li>
 * <li>for a JPEG, the rows are first box-averaged by 2, 4 or 8 for the variants that libvips would decode that much
 * smaller (its DCT scaling averages the same blocks), through one shared chain of 2 x 2 averages;</li>
 * <li>each variant is then resized on its own ({@link Resize}: box average by whole pixels, then Lanczos3), with
 * libvips's sizes and rounding;</li>
 * <li>each variant is converted to sRGB (TwelveMonkeys turns CMYK into RGB; ICC-tagged images are converted through
 * their profile), turned upright by its EXIF orientation, centre-cropped for COVER (after turning, as libvips does),
 * and encoded without any metadata: JPEG at the configured quality, or PNG when the source has transparency.</li>
 * </ol>
 */
public class VariantRenderer {

    /** Each variant's raster (at most 4 bytes a pixel) and its encoded bytes, held until all are stored. */
    static final int VARIANT_BYTES_PER_PIXEL = 5;
    /** The variant being encoded also has an sRGB copy, and an upright or cropped one. */
    static final int ENCODED_VARIANT_BYTES_PER_PIXEL = 8;
    /** The rows the filters keep (box sums, Lanczos3 windows) for all variants, per source pixel of width. */
    static final int FILTER_BYTES_PER_COLUMN = 1280;
    /** libjpeg's or zlib's state while encoding a variant. */
    static final long ENCODER_NATIVE = 4L << 20;

    private final ImageCodecs codecs;
    private final float jpegQuality;
    private final BandSizing bands;

    public VariantRenderer(ImageCodecs codecs, float jpegQuality, BandSizing bands) {
        this.codecs = codecs;
        this.jpegQuality = jpegQuality;
        this.bands = bands;
    }

    /** What resizing the image of this profile into these variants holds at its peak. */
    public DecodeCost cost(DecodeProfile profile, List<VariantSpec> specs) {
        return plan(profile, specs).cost();
    }

    /**
     * Makes the variants, decoding only once {@code admission} has reserved the memory the resize will hold; refuses
     * an image whose resize could never fit, as one that needs too much memory.
     */
    public List<RenderedVariant> render(Path original, List<VariantSpec> specs, DecodeAdmission admission)
            throws ImageRejectedException, DecodeBusyException, IOException {
        ImageFormat format = ImageInspector.sniff(original);
        try (ImageInputStream in = codecs.open(original)) {
            ImageReader reader = codecs.reader(format);
            try {
                DecodeProfile profile = ImageRejectedException.decoding(format,
                        () -> DecodeProfile.read(format, in, reader));
                Plan plan = plan(profile, specs);
                try (DecodeAdmission.Admitted admitted = admission.admit(plan.cost())) {
                    return ImageRejectedException.decoding(format, () -> render(reader, profile, specs, plan));
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** Where each variant comes from, how many source pixels a band holds, and what it all costs. */
    private record Plan(List<Geometry> geometries, long bandPixels, DecodeCost cost) {
    }

    private Plan plan(DecodeProfile profile, List<VariantSpec> specs) {
        ImageInfo info = profile.info();
        List<Geometry> geometries = specs.stream().map(spec -> spec.geometry(info.storedWidth(), info.storedHeight(),
                info.orientation().transposes(), info.format() == ImageFormat.JPEG)).toList();
        long variantPixels = 0;
        long largest = 0;
        for (Geometry geometry : geometries) {
            long pixels = (long) Resize.outputSize(geometry.loadedWidth(), geometry.hshrink())
                    * Resize.outputSize(geometry.loadedHeight(), geometry.vshrink());
            variantPixels = DecodeProfile.sum(variantPixels, pixels);
            largest = Math.max(largest, pixels);
        }
        long besidesDecode = DecodeProfile.sum(DecodeProfile.saturated(variantPixels, VARIANT_BYTES_PER_PIXEL),
                DecodeProfile.saturated(largest, ENCODED_VARIANT_BYTES_PER_PIXEL),
                (long) FILTER_BYTES_PER_COLUMN * info.storedWidth());
        long bandPixels = bands.bandPixels(profile, DecodeProfile.sum(besidesDecode, profile.reading(0).heapBytes()));
        DecodeCost cost = profile.reading(bandPixels).plus(new DecodeCost(besidesDecode, ENCODER_NATIVE));
        return new Plan(geometries, bandPixels, cost);
    }

    private List<RenderedVariant> render(ImageReader reader, DecodeProfile profile, List<VariantSpec> specs, Plan plan)
            throws IOException {
        ImageInfo info = profile.info();
        Output[] outputs = new Output[specs.size()];
        boolean translucent = decode(reader, plan, info.storedWidth(), info.storedHeight(), outputs);
        List<RenderedVariant> variants = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            BufferedImage upright = info.orientation().apply(outputs[i].toSrgb(translucent));
            BufferedImage variant = crop(upright, specs.get(i).crop(upright.getWidth(), upright.getHeight()));
            ImageFormat encoding = translucent ? ImageFormat.PNG : ImageFormat.JPEG;
            variants.add(new RenderedVariant(specs.get(i).name(), variant.getWidth(), variant.getHeight(), encoding,
                    encode(variant, encoding)));
        }
        return variants;
    }

    /** Streams the source, band by band, through every variant; says whether any pixel was translucent. */
    private static boolean decode(ImageReader reader, Plan plan, int storedWidth, int storedHeight, Output[] outputs)
            throws IOException {
        int bandHeight = (int) Math.max(1, Math.min(storedHeight, plan.bandPixels() / storedWidth));
        ImageReadParam param = reader.getDefaultReadParam();
        RowSink source = null;
        int[] row = null;
        boolean translucent = false;
        for (int top = 0; top < storedHeight; top += bandHeight) {
            int rowsInBand = Math.min(bandHeight, storedHeight - top);
            param.setSourceRegion(new Rectangle(0, top, storedWidth, rowsInBand));
            BufferedImage band = reader.read(0, param);
            // Later bands are decoded into the first band's memory.
            param.setDestination(band);
            PixelRows pixels = PixelRows.of(band);
            if (source == null) {
                source = source(pixels, plan.geometries(), storedWidth, storedHeight, outputs);
                row = new int[storedWidth * pixels.bands];
            }
            for (int y = 0; y < rowsInBand; y++) {
                pixels.read(y, row);
                translucent |= pixels.alpha && anyTranslucent(row, pixels.bands, pixels.max);
                source.row(row);
            }
        }
        return translucent;
    }

    /**
     * Where the source rows go: into each variant's resize, the variants libvips would load smaller through a chain of
     * shared 2 x 2 box averages (by 2, by 4 from that, by 8 from that).
     */
    private static RowSink source(PixelRows pixels, List<Geometry> geometries, int storedWidth, int storedHeight,
            Output[] outputs) {
        Map<Integer, List<RowSink>> byLoad = new HashMap<>();
        for (int i = 0; i < geometries.size(); i++) {
            outputs[i] = new Output(pixels, geometries.get(i));
            byLoad.computeIfAbsent(geometries.get(i).load(), load -> new ArrayList<>()).add(outputs[i].input());
        }
        RowSink smaller = null;
        for (int load = VariantSpec.MAX_LOAD_SHRINK; load > 1; load /= 2) {
            List<RowSink> sinks = new ArrayList<>(byLoad.getOrDefault(load, List.of()));
            if (smaller != null) {
                sinks.add(smaller);
            }
            if (!sinks.isEmpty()) {
                int from = load / 2;
                smaller = new BoxShrink((storedWidth + from - 1) / from, (storedHeight + from - 1) / from,
                        pixels.bands, 2, 2, all(sinks));
            }
        }
        List<RowSink> full = new ArrayList<>(byLoad.getOrDefault(1, List.of()));
        if (smaller != null) {
            full.add(smaller);
        }
        return all(full);
    }

    private static RowSink all(List<RowSink> sinks) {
        if (sinks.size() == 1) {
            return sinks.get(0);
        }
        return values -> {
            for (RowSink sink : sinks) {
                sink.row(values);
            }
        };
    }

    private static boolean anyTranslucent(int[] row, int bands, int opaque) {
        for (int i = bands - 1; i < row.length; i += bands) {
            if (row[i] < opaque) {
                return true;
            }
        }
        return false;
    }

    private static BufferedImage crop(BufferedImage image, Rectangle area) {
        if (area.width == image.getWidth() && area.height == image.getHeight()) {
            return image;
        }
        BufferedImage cropped = new BufferedImage(area.width, area.height, image.getType());
        cropped.setRGB(0, 0, area.width, area.height,
                image.getRGB(area.x, area.y, area.width, area.height, null, 0, area.width), 0, area.width);
        return cropped;
    }

    /** One variant being made: its resize and the raster it fills, in the source's colour space and bands. */
    private static final class Output {
        private final PixelRows.Colour colour;
        private final ComponentColorModel model;
        private final int bands;
        private final Resize resize;
        private final WritableRaster raster;
        private final int[] samples;
        private int y;

        Output(PixelRows pixels, Geometry geometry) {
            this.colour = pixels.colour;
            this.bands = pixels.bands;
            ColorSpace space = colour == PixelRows.Colour.OTHER ? pixels.colorSpace
                    : colour == PixelRows.Colour.GRAY ? ColorSpace.getInstance(ColorSpace.CS_GRAY)
                    : ColorSpace.getInstance(ColorSpace.CS_sRGB);
            this.model = new ComponentColorModel(space, pixels.alpha, false,
                    pixels.alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
            this.resize = new Resize(geometry.loadedWidth(), geometry.loadedHeight(), bands, pixels.max,
                    geometry.hshrink(), geometry.vshrink(), this::write);
            this.raster = model.createCompatibleWritableRaster(resize.width, resize.height);
            this.samples = new int[resize.width * bands];
        }

        RowSink input() {
            return resize.input;
        }

        /** Stores a finished row as 8-bit samples, colour divided back by alpha. */
        private void write(int[] values) {
            if (model.hasAlpha()) {
                int round = 1 << (PixelRows.ALPHA_FRACTION_BITS - 1);
                for (int i = 0; i < values.length; i += bands) {
                    int a = values[i + bands - 1];
                    for (int b = 0; b < bands - 1; b++) {
                        samples[i + b] = a > 0 ? Math.min(255, (values[i + b] * 255 + a / 2) / a) : 0;
                    }
                    samples[i + bands - 1] = (a + round) >> PixelRows.ALPHA_FRACTION_BITS;
                }
            } else {
                System.arraycopy(values, 0, samples, 0, values.length);
            }
            raster.setPixels(0, y++, resize.width, 1, samples);
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
