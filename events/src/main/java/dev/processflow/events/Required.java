package dev.processflow.events;

import java.util.List;

/**
 * Shape checks run by event data constructors, so a malformed event fails at decoding, not deep in a function. The
 * bounded variants are the contract's limits: an identifier longer than the column that holds it, or a list longer
 * than any real order or image has, is malformed wherever it arrives.
 */
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

    /** Required text of at most {@code maxLength} characters and no control characters: an identifier or a code. */
    public static String text(String value, String field, int maxLength) {
        return atMost(text(value, field), field, maxLength);
    }

    /** Optional text (null passes) under the same bounds as {@link #text(String, String, int)}. */
    public static String atMost(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
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

    /** A non-empty list of at most {@code maxSize} elements. */
    public static <T> List<T> nonEmpty(List<T> values, String field, int maxSize) {
        return atMost(nonEmpty(values, field), field, maxSize);
    }

    public static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        values.forEach(v -> value(v, field + "[]"));
        return List.copyOf(values);
    }

    /** A list (absent means empty) of at most {@code maxSize} elements. */
    public static <T> List<T> list(List<T> values, String field, int maxSize) {
        return atMost(list(values, field), field, maxSize);
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return value;
    }

    private static <T> List<T> atMost(List<T> values, String field, int maxSize) {
        if (values.size() > maxSize) {
            throw new IllegalArgumentException(field + " must hold at most " + maxSize + " elements");
        }
        return values;
    }
}
