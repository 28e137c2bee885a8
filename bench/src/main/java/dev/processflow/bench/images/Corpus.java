package dev.processflow.bench.images;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The deterministic image corpus: the same seed gives the same pixels, so every run and every machine resizes the
 * same work. Each picture is a gradient sky, a few hundred anti-aliased shapes, text, fine stripes and a zone plate
 * (rings getting finer towards the edge, where a careless filter aliases), in JPEG (quality 0.9) and PNG.
 */
public final class Corpus {

    /** One file of the corpus. */
    public record Item(Path file, String format, int width, int height) {
        public String name() {
            return file.getFileName().toString();
        }

        public long megapixels() {
            return Math.round(width * (long) height / 1e6);
        }
    }

    public static final int[][] SIZES = {{640, 480}, {1280, 960}, {1920, 1080}, {3000, 2000}, {4000, 3000}, {6000, 4000}};
    public static final List<String> FORMATS = List.of("jpeg", "png");

    private Corpus() {
    }

    /** The corpus in {@code directory}, generated into it first where a file is missing. */
    public static List<Item> ensure(Path directory, long seed) throws IOException {
        Files.createDirectories(directory);
        List<Item> items = new ArrayList<>();
        for (int[] size : SIZES) {
            BufferedImage picture = null;
            for (String format : FORMATS) {
                Path file = directory.resolve(String.format("scene-%dx%d.%s", size[0], size[1], format.equals("jpeg") ? "jpg" : "png"));
                if (!Files.exists(file)) {
                    if (picture == null) {
                        picture = picture(size[0], size[1], seed);
                    }
                    write(picture, format, file);
                }
                items.add(new Item(file, format, size[0], size[1]));
            }
        }
        return items;
    }

    static BufferedImage picture(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(70, 130, 200), width * 0.3f, height, new Color(250, 220, 170)));
            g.fillRect(0, 0, width, height);
            SplittableRandom random = new SplittableRandom(seed);
            double unit = Math.min(width, height) / 480.0;
            for (int i = 0; i < 300; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 90 + random.nextInt(166)));
                double x = random.nextDouble() * width;
                double y = random.nextDouble() * height;
                double w = (5 + random.nextDouble() * 80) * unit;
                double h = (5 + random.nextDouble() * 80) * unit;
                if (random.nextBoolean()) {
                    g.fill(new Ellipse2D.Double(x, y, w, h));
                } else {
                    g.fill(new RoundRectangle2D.Double(x, y, w, h, w / 4, h / 4));
                }
            }
            g.setColor(new Color(20, 20, 20));
            g.setStroke(new BasicStroke((float) Math.max(1, unit)));
            int stripesLeft = width / 20;
            int stripesTop = height * 2 / 3;
            for (int x = 0; x < width / 4; x += 3) {
                g.drawLine(stripesLeft + x, stripesTop, stripesLeft + x + width / 16, stripesTop + height / 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) (28 * unit)));
            for (int line = 0; line < 4; line++) {
                g.drawString("processflow resize benchmark " + width + "x" + height + " line " + line,
                        (int) (20 * unit), (int) ((50 + line * 36) * unit));
            }
        } finally {
            g.dispose();
        }
        zonePlate(image, width * 11 / 20, height / 3, Math.min(width, height) / 3);
        return image;
    }

    /** Rings whose spatial frequency grows with the radius up to half the sampling rate at the edge. */
    private static void zonePlate(BufferedImage image, int left, int top, int size) {
        double k = Math.PI / (2.0 * (size / 2.0));
        for (int y = 0; y < size && top + y < image.getHeight(); y++) {
            for (int x = 0; x < size && left + x < image.getWidth(); x++) {
                double dx = x - size / 2.0;
                double dy = y - size / 2.0;
                int v = (int) Math.round(127.5 + 127.5 * Math.cos(k * (dx * dx + dy * dy)));
                image.setRGB(left + x, top + y, (v << 16) | (v << 8) | v);
            }
        }
    }

    private static void write(BufferedImage image, String format, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        if (format.equals("png")) {
            if (!ImageIO.write(image, "png", partial.toFile())) {
                throw new IOException("no PNG writer");
            }
        } else {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            Files.deleteIfExists(partial);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(partial.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
