package dev.processflow.image.imaging;

/** What an image's header declares: its format, stored size and EXIF orientation. */
public record ImageInfo(ImageFormat format, int storedWidth, int storedHeight, Orientation orientation) {

    /** The width as seen upright, after the EXIF orientation is applied. */
    public int width() {
        return orientation.transposes() ? storedHeight : storedWidth;
    }

    public int height() {
        return orientation.transposes() ? storedWidth : storedHeight;
    }

    public long pixels() {
        return (long) storedWidth * storedHeight;
    }
}
