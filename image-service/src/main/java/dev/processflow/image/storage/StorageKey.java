package dev.processflow.image.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A key in image storage. Keys are only ever built here, from a parsed UUID and a checked variant name, so nothing a
 * client sends can reach a file system path or an S3 key unchecked. Originals and variants live under separate
 * prefixes.
 */
public record StorageKey(String value) {

    public static final String ORIGINALS = "originals/";
    public static final String VARIANTS = "variants/";
    private static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern KEY = Pattern.compile(
            "(originals/[0-9a-f-]{36}|variants/[0-9a-f-]{36}/[a-z0-9][a-z0-9-]{0,31})");

    public StorageKey {
        if (value == null || !KEY.matcher(value).matches()) {
            throw new IllegalArgumentException("not a storage key: " + value);
        }
    }

    public static StorageKey original(UUID imageId) {
        return new StorageKey(ORIGINALS + imageId);
    }

    public static StorageKey variant(UUID imageId, String name) {
        if (!isVariantName(name)) {
            throw new IllegalArgumentException("not a variant name: " + name);
        }
        return new StorageKey(VARIANTS + imageId + "/" + name);
    }

    public static boolean isVariantName(String name) {
        return name != null && VARIANT_NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
