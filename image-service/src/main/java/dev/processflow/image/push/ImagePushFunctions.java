package dev.processflow.image.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.image.resize.ImageResizer;
import dev.processflow.platform.push.SweepingPushFunctions;
import dev.processflow.platform.sweep.Sweeps;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/** image-service's function for push delivery; the same one its Kafka consumer calls. */
@Singleton
public class ImagePushFunctions extends SweepingPushFunctions {

    private final ImageResizer resizer;

    public ImagePushFunctions(ImageResizer resizer, Sweeps sweeps) {
        super(sweeps);
        this.resizer = resizer;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case IMAGE_UPLOADED, IMAGE_RESIZED, IMAGE_FAILED -> Optional.of(resizer::apply);
            default -> Optional.empty();
        };
    }
}
