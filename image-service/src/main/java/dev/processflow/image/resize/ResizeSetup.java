package dev.processflow.image.resize;

import dev.processflow.image.ImageConfig;
import dev.processflow.image.budget.DecodeBudget;
import dev.processflow.image.imaging.BandSizing;
import dev.processflow.image.imaging.ImageCodecs;
import dev.processflow.image.imaging.VariantRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * How many resizes run at once (default: one per core) and how many decoded pixels each decodes at a time (default:
 * its share of the decode budget's heap), so that they fit the budget together; the budget admits each one.
 */
@ApplicationScoped
public class ResizeSetup {

    static int concurrency(ImageConfig config) {
        return Math.max(1, config.resize().concurrency().orElse(Runtime.getRuntime().availableProcessors()));
    }

    @Produces
    @ApplicationScoped
    VariantRenderer renderer(ImageCodecs codecs, ImageConfig config, DecodeBudget budget) {
        return new VariantRenderer(codecs, config.jpegQuality(),
                new BandSizing(budget.heapCapacity(), concurrency(config), config.resize().bandPixels()));
    }
}
