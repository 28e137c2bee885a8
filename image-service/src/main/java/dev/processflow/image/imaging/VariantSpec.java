package dev.processflow.image.imaging;

import java.awt.Rectangle;

/** A variant to produce: a name and a box, filled by a centred crop (COVER) or fitted inside it (CONTAIN). */
public record VariantSpec(String name, int width, int height, Fit fit) {

    public enum Fit { COVER, CONTAIN }

    /** The most a JPEG is box-averaged before resizing: libjpeg's smallest DCT scale, 1/8. */
    static final int MAX_LOAD_SHRINK = 8;

    public VariantSpec {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("variant " + name + " needs a positive box");
        }
    }

    /**
     * How this variant is made from a stored image, with libvips 8.14's {@code vipsthumbnail} arithmetic so sizes and
     * crops come out as its do: a JPEG is first box-averaged by 2, 4 or 8 where that still leaves at least a factor of
     * 2 (libvips decodes it that way, in the DCT), then both axes shrink by one factor that fits the box (CONTAIN) or
     * fills it (COVER), computed on that smaller image. Never upscales. {@code transposed}: the image is turned a
     * quarter by its EXIF orientation, so the box's sides swap against the stored pixels.
     */
    public Geometry geometry(int storedWidth, int storedHeight, boolean transposed, boolean shrinkOnLoad) {
        int boxWidth = transposed ? height : width;
        int boxHeight = transposed ? width : height;
        int load = 1;
        if (shrinkOnLoad) {
            double[] shrink = shrink(storedWidth, storedHeight, boxWidth, boxHeight);
            double common = Math.min(shrink[0], shrink[1]);
            while (load < MAX_LOAD_SHRINK && common >= 4 * load) {
                load *= 2;
            }
        }
        int loadedWidth = (storedWidth + load - 1) / load;
        int loadedHeight = (storedHeight + load - 1) / load;
        double[] shrink = shrink(loadedWidth, loadedHeight, boxWidth, boxHeight);
        return new Geometry(load, loadedWidth, loadedHeight, shrink[0], shrink[1]);
    }

    private double[] shrink(int imageWidth, int imageHeight, int boxWidth, int boxHeight) {
        double horizontal = (double) imageWidth / boxWidth;
        double vertical = (double) imageHeight / boxHeight;
        // Cover fills the box, so the axis that needs less shrinking decides; contain fits, so the other one does.
        boolean byWidth = fit == Fit.COVER ? horizontal < vertical : horizontal >= vertical;
        double shrink = Math.max(1, byWidth ? horizontal : vertical);
        return new double[] {Math.min(shrink, imageWidth), Math.min(shrink, imageHeight)};
    }

    /** The upright variant's crop of an upright resized image: centred, the box's size at most, in whole pixels. */
    public Rectangle crop(int resizedWidth, int resizedHeight) {
        if (fit == Fit.CONTAIN) {
            return new Rectangle(0, 0, resizedWidth, resizedHeight);
        }
        int w = Math.min(width, resizedWidth);
        int h = Math.min(height, resizedHeight);
        return new Rectangle((resizedWidth - w) / 2, (resizedHeight - h) / 2, w, h);
    }

    /**
     * A stored image box-averaged by {@code load} into {@code loadedWidth} x {@code loadedHeight}, then shrunk by
     * {@code hshrink} x {@code vshrink}.
     */
    public record Geometry(int load, int loadedWidth, int loadedHeight, double hshrink, double vshrink) {
    }
}
