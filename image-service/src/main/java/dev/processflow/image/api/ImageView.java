package dev.processflow.image.api;

import dev.processflow.image.Image;
import dev.processflow.image.ImageStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** {@code GET /images/{id}}: the image, its original and, once READY, its variants with their URLs. */
@RegisterForReflection
public record ImageView(UUID id, ImageStatus status, Original original, List<VariantView> variants,
        String failureReason) {

    @RegisterForReflection
    public record Original(String format, int width, int height, long bytes, String sha256) {
    }

    @RegisterForReflection
    public record VariantView(String name, int width, int height, String format, long bytes, String url) {
    }

    static ImageView of(Image image) {
        List<VariantView> variants = image.status != ImageStatus.READY ? List.of() : image.variants.stream()
                .map(v -> new VariantView(v.name, v.width, v.height, v.format, v.bytes,
                        "/images/" + image.id + "/variants/" + v.name))
                .toList();
        return new ImageView(image.id, image.status,
                new Original(image.format, image.width, image.height, image.bytes, image.sha256), variants,
                image.failureReason);
    }
}
