package dev.processflow.events;

import java.util.List;

/** Shape checks run by event data constructors, so a malformed event fails at decoding, not deep in a function. */
public final class Required {

    private Required() {
    }

    public static <T> T value(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static <T> List<T> nonEmpty(List<T> values, String field) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        values.forEach(v -> value(v, field + "[]"));
        return List.copyOf(values);
    }

    public static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        values.forEach(v -> value(v, field + "[]"));
        return List.copyOf(values);
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return value;
    }
}
