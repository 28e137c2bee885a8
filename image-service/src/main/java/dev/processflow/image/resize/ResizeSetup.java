package dev.processflow.image.resize;

import dev.processflow.image.ImageConfig;
import dev.processflow.image.imaging.ImageCodecs;
import dev.processflow.image.imaging.ImagingLimits;
import dev.processflow.image.imaging.VariantRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * How many resizes run at once (default: one per core) and how many decoded pixels each may hold (default: its share
 * of half the heap), so that all of them together stay within the heap whatever the images.
 */
@ApplicationScoped
public class ResizeSetup {

    static int concurrency(ImageConfig config) {
        return Math.max(1, config.resize().concurrency().orElse(Runtime.getRuntime().availableProcessors()));
    }

    @Produces
    @ApplicationScoped
    VariantRenderer renderer(ImageCodecs codecs, ImageConfig config) {
        long bandPixels = config.resize().bandPixels().orElseGet(() -> ImagingLimits.bandPixels(
                Runtime.getRuntime().maxMemory(), concurrency(config)));
        return new VariantRenderer(codecs, config.jpegQuality(), bandPixels);
    }
}
