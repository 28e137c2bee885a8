package dev.processflow.image;

import dev.processflow.image.imaging.VariantSpec;
import dev.processflow.image.storage.StorageKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The configured variants, smallest box first; the only variant names a request may ask for. */
@ApplicationScoped
public class Variants {

    private final List<VariantSpec> specs;

    public Variants(ImageConfig config) {
        this.specs = config.variants().entrySet().stream()
                .map(Variants::spec)
                .sorted(Comparator.comparingLong((VariantSpec s) -> (long) s.width() * s.height())
                        .thenComparing(VariantSpec::name))
                .toList();
        if (specs.isEmpty()) {
            throw new IllegalStateException("processflow.image.variants configures no variant");
        }
    }

    private static VariantSpec spec(Map.Entry<String, ImageConfig.Variant> entry) {
        if (!StorageKey.isVariantName(entry.getKey())) {
            throw new IllegalStateException("variant name '" + entry.getKey()
                    + "' must be 1 to 32 lower-case letters, digits or dashes");
        }
        return new VariantSpec(entry.getKey(), entry.getValue().width(), entry.getValue().height(), entry.getValue().fit());
    }

    public List<VariantSpec> specs() {
        return specs;
    }

    public boolean isConfigured(String name) {
        return specs.stream().anyMatch(s -> s.name().equals(name));
    }
}
