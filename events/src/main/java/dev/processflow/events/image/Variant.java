package dev.processflow.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record Variant(String name, int width, int height, String format, long bytes) {

    public Variant {
        Required.text(name, "name", Limits.VARIANT_NAME);
        Required.positive(width, "width");
        Required.positive(height, "height");
        Required.text(format, "format", Limits.IMAGE_FORMAT);
    }
}
