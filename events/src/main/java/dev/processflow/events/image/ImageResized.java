package dev.processflow.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.List;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageResized(UUID imageId, List<Variant> variants) {

    public ImageResized {
        Required.value(imageId, "imageId");
        variants = Required.nonEmpty(variants, "variants", Limits.VARIANTS);
    }
}
