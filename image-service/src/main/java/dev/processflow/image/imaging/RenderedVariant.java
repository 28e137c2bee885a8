package dev.processflow.image.imaging;

/** One encoded variant, small enough to hold in memory. */
public record RenderedVariant(String name, int width, int height, ImageFormat format, byte[] bytes) {
}
