package dev.processflow.image.resize;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka adapter of the resize function. Records are handled on worker threads out of order (each image has one
 * upload event, so order across records does not matter), letting several resizes run at once up to the slots.
 */
@ApplicationScoped
public class ImagesConsumer {

    private final EventDelivery delivery;
    private final ImageResizer resizer;

    public ImagesConsumer(EventDelivery delivery, ImageResizer resizer) {
        this.delivery = delivery;
        this.resizer = resizer;
    }

    @Incoming("images")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return delivery.deliver(record, resizer::apply);
    }
}
