package dev.processflow.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageFailed(UUID imageId, String reason) {

    public ImageFailed {
        Required.value(imageId, "imageId");
        Required.text(reason, "reason");
    }
}
