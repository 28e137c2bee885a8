package dev.processflow.image.imaging;

/** A variant to produce: a name and a box, filled by a centred crop (COVER) or fitted inside it (CONTAIN). */
public record VariantSpec(String name, int width, int height, Fit fit) {

    public enum Fit { COVER, CONTAIN }

    public VariantSpec {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("variant " + name + " needs a positive box");
        }
    }

    /**
     * Where the variant comes from in an upright image of the given size and how large it ends up. Never upscales:
     * a box larger than the image yields the image at its own size (cropped to the box for COVER).
     */
    public Geometry geometry(int imageWidth, int imageHeight) {
        if (fit == Fit.CONTAIN) {
            double scale = Math.min(1.0, Math.min((double) width / imageWidth, (double) height / imageHeight));
            int w = Math.max(1, (int) Math.round(imageWidth * scale));
            int h = Math.max(1, (int) Math.round(imageHeight * scale));
            return new Geometry(0, 0, imageWidth, imageHeight, w, h);
        }
        double scale = Math.max((double) width / imageWidth, (double) height / imageHeight);
        if (scale >= 1.0) {
            int w = Math.min(width, imageWidth);
            int h = Math.min(height, imageHeight);
            return new Geometry((imageWidth - w) / 2.0, (imageHeight - h) / 2.0, w, h, w, h);
        }
        double cropWidth = Math.min(imageWidth, width / scale);
        double cropHeight = Math.min(imageHeight, height / scale);
        return new Geometry((imageWidth - cropWidth) / 2.0, (imageHeight - cropHeight) / 2.0, cropWidth, cropHeight,
                width, height);
    }

    /** A source rectangle (fractional pixels) and the target size it is scaled to. */
    public record Geometry(double x, double y, double sourceWidth, double sourceHeight, int width, int height) {

        /** The same geometry for the stored (not yet upright) image: centred crops only swap their axes. */
        public Geometry transposed() {
            return new Geometry(y, x, sourceHeight, sourceWidth, height, width);
        }

        /** The same rectangle in a copy of the source scaled by these factors; the target size stays. */
        public Geometry scaled(double scaleX, double scaleY) {
            return new Geometry(x * scaleX, y * scaleY, sourceWidth * scaleX, sourceHeight * scaleY, width, height);
        }

        /** How many times smaller than its source rectangle the target is, on its less reduced axis. */
        public double ratio() {
            return Math.min(sourceWidth / width, sourceHeight / height);
        }

        public long area() {
            return (long) width * height;
        }

        public boolean coversWhole(int imageWidth, int imageHeight) {
            return x == 0 && y == 0 && sourceWidth == imageWidth && sourceHeight == imageHeight;
        }
    }
}
