package dev.processflow.image.imaging;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Images made in code for the tests, hostile ones included; nothing binary is committed but three 1x1 WebPs. */
public final class TestImages {

    /** 1x1 WebP files, lossy, lossless and lossy with alpha: the smallest valid examples of each encoding. */
    public static final byte[] WEBP_LOSSY = Base64.getDecoder().decode(
            "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    public static final byte[] WEBP_LOSSLESS = Base64.getDecoder().decode(
            "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    public static final byte[] WEBP_ALPHA = Base64.getDecoder().decode(
            "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==");

    public static final Color RED = new Color(220, 30, 30);
    public static final Color GREEN = new Color(30, 200, 40);
    public static final Color BLUE = new Color(30, 40, 220);
    public static final Color YELLOW = new Color(240, 220, 20);

    private TestImages() {
    }

    /** Four flat quadrants, red/green over blue/yellow: every flip and rotation of it looks different. */
    public static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        fill(g, RED, 0, 0, width / 2, height / 2);
        fill(g, GREEN, width / 2, 0, width - width / 2, height / 2);
        fill(g, BLUE, 0, height / 2, width / 2, height - height / 2);
        fill(g, YELLOW, width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** A photo-like gradient with per-pixel noise (so it compresses like a photo), for size and speed measurements. */
    public static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        int[] row = new int[width * 3];
        int seed = 12345;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                seed = seed * 1103515245 + 12345;
                int noise = (seed >>> 16) % 24 - 12;
                row[x * 3] = clamp(x * 255 / width + noise);
                row[x * 3 + 1] = clamp(y * 255 / height - noise);
                row[x * 3 + 2] = clamp(((x ^ y) & 0x3F) + 96 + noise);
            }
            raster.setPixels(0, y, width, 1, row);
        }
        return image;
    }

    /**
     * A zone plate: rings whose frequency rises from 0 at the centre to the pixel grid's limit in the corners. Scaled
     * down, every ring finer than the target's pixels should become flat grey; what shows there instead is aliasing.
     */
    public static BufferedImage zonePlate(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double k = zonePlateK(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - width / 2.0;
                double dy = y - height / 2.0;
                int v = (int) Math.round(127.5 + 127.5 * Math.cos(Math.PI * k * (dx * dx + dy * dy)));
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** The zone plate's constant: its local frequency at radius r is {@code k * r} cycles per pixel. */
    public static double zonePlateK(int width, int height) {
        return 0.5 / Math.hypot(width / 2.0, height / 2.0);
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    public static BufferedImage solid(int width, int height, Color colour, int imageType) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        fill(g, colour, 0, 0, width, height);
        g.dispose();
        return image;
    }

    private static void fill(Graphics2D g, Color colour, int x, int y, int w, int h) {
        g.setColor(colour);
        g.fillRect(x, y, w, h);
    }

    public static byte[] jpeg(BufferedImage image) {
        return write(image, "jpeg", 0.95f);
    }

    /** A progressive JPEG with libjpeg's standard scan script (ten scans), as web exports and image CDNs make them. */
    public static byte[] progressiveJpeg(BufferedImage image) {
        return writeWith(image, "jpeg", param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    public static byte[] png(BufferedImage image) {
        return write(image, "png", null);
    }

    public static byte[] bmp(BufferedImage image) {
        return write(image, "bmp", null);
    }

    private static byte[] write(BufferedImage image, String format, Float quality) {
        return writeWith(image, format, param -> {
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
        });
    }

    private static byte[] writeWith(BufferedImage image, String format, Consumer<ImageWriteParam> settings) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            settings.accept(param);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A JPEG of {@code stored} carrying, right after SOI, a hand-built EXIF APP1 segment with the given orientation, a
     * GPS position and a camera make, plus a comment: everything the variants must not carry.
     */
    public static byte[] jpegWithExif(BufferedImage stored, int orientation) {
        byte[] plain = jpeg(stored);
        ByteBuffer tiff = ByteBuffer.allocate(128);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).put(new byte[] {'A', 'c', 'm', 'e'});
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        int gpsIfd = 8 + 2 + 3 * 12 + 4;
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        tiff.putInt(0);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        tiff.putInt(0);
        byte[] tiffBytes = java.util.Arrays.copyOf(tiff.array(), tiff.position());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        segment(out, 0xE1, concat(exifHeader, tiffBytes));
        segment(out, 0xFE, "secret comment".getBytes(StandardCharsets.US_ASCII));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
    }

    /**
     * The stored image that an EXIF orientation turns into {@code upright}, built from the EXIF specification's
     * wording ("the 0th row is the visual X side, the 0th column the visual Y side") rather than from the code under
     * test.
     */
    public static BufferedImage storedFor(BufferedImage upright, int orientation) {
        // For each orientation: which visual side stored row 0 is, and which visual side stored column 0 is.
        String[][] sides = {
            {"top", "left"}, {"top", "right"}, {"bottom", "right"}, {"bottom", "left"},
            {"left", "top"}, {"right", "top"}, {"right", "bottom"}, {"left", "bottom"}};
        String rowSide = sides[orientation - 1][0];
        String columnSide = sides[orientation - 1][1];
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean rowsAreColumns = rowSide.equals("left") || rowSide.equals("right");
        int storedWidth = rowsAreColumns ? h : w;
        int storedHeight = rowsAreColumns ? w : h;
        BufferedImage stored = new BufferedImage(storedWidth, storedHeight, BufferedImage.TYPE_INT_RGB);
        for (int sy = 0; sy < storedHeight; sy++) {
            for (int sx = 0; sx < storedWidth; sx++) {
                int ux;
                int uy;
                if (rowsAreColumns) {
                    ux = rowSide.equals("left") ? sy : w - 1 - sy;
                    uy = columnSide.equals("top") ? sx : h - 1 - sx;
                } else {
                    uy = rowSide.equals("top") ? sy : h - 1 - sy;
                    ux = columnSide.equals("left") ? sx : w - 1 - sx;
                }
                stored.setRGB(sx, sy, upright.getRGB(ux, uy));
            }
        }
        return stored;
    }

    /** A CMYK JPEG (Adobe APP14, as Photoshop writes them) filled with one ink mix, each ink 0..255. */
    public static byte[] cmykJpeg(int width, int height, int c, int m, int y, int k) {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel model = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        int[] pixel = {c, m, y, k};
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                raster.setPixel(px, py, pixel);
            }
        }
        return write(new BufferedImage(model, raster, false, null), "jpeg", 0.95f);
    }

    /**
     * An RGB JPEG whose embedded ICC profile is linear-light RGB: the same sample values mean a much lighter colour
     * there than in sRGB, so an output that ignored the profile would be visibly darker.
     */
    public static byte[] linearRgbJpeg(int width, int height, int sample) {
        ICC_ColorSpace linear = new ICC_ColorSpace(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        ComponentColorModel model = new ComponentColorModel(linear, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        int[] pixel = {sample, sample, sample};
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                raster.setPixel(px, py, pixel);
            }
        }
        BufferedImage image = new BufferedImage(model, raster, false, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** An animated GIF whose frames are flat colours; viewers and the service take the first. */
    public static byte[] animatedGif(int width, int height, Color... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color colour : frames) {
                BufferedImage frame = solid(width, height, colour, BufferedImage.TYPE_INT_RGB);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), param);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A tiny, well-formed PNG whose header declares {@code width} x {@code height} pixels: a decompression bomb. */
    public static byte[] pixelFloodPng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[1 << 16]);
        deflater.finish();
        byte[] compressed = new byte[1 << 16];
        int length = deflater.deflate(compressed);
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A small real JPEG whose frame header is rewritten to declare {@code width} x {@code height}. */
    public static byte[] pixelFloodJpeg(int width, int height) {
        byte[] jpeg = jpeg(solid(16, 16, Color.GRAY, BufferedImage.TYPE_INT_RGB));
        for (int i = 2; i + 8 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xFF;
            if ((jpeg[i] & 0xFF) == 0xFF && marker >= 0xC0 && marker <= 0xC2) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] truncated(byte[] image, double keep) {
        return java.util.Arrays.copyOf(image, (int) (image.length * keep));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
