package dev.processflow.platform.persistence;

/**
 * Free text (a detail, a reason, a name) made to fit the column that stores it, so that text from an event, a gateway
 * or an exception never makes an insert fail: NUL characters, which PostgreSQL cannot store, are dropped, and text
 * longer than the column is cut with an ellipsis, never inside a surrogate pair. Identifiers are not for this: the
 * contracts refuse those when they are too long.
 */
public final class BoundedText {

    private static final char ELLIPSIS = '\u2026';

    private BoundedText() {
    }

    /** The text, fitted to a column of {@code maxLength} characters; null stays null. */
    public static String fit(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String storable = text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
        if (storable.length() <= maxLength) {
            return storable;
        }
        int cut = maxLength - 1;
        if (Character.isHighSurrogate(storable.charAt(cut - 1))) {
            cut--;
        }
        return storable.substring(0, cut) + ELLIPSIS;
    }
}
