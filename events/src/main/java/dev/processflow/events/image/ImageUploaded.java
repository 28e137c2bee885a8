package dev.processflow.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageUploaded(UUID imageId, String format, int width, int height, long bytes, String sha256) {

    public ImageUploaded {
        Required.value(imageId, "imageId");
        Required.text(format, "format", Limits.IMAGE_FORMAT);
        Required.positive(width, "width");
        Required.positive(height, "height");
        Required.text(sha256, "sha256", Limits.SHA256_HEX);
    }
}
