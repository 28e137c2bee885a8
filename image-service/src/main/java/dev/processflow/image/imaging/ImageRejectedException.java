package dev.processflow.image.imaging;

/** The upload is too large, not an image this service takes, declares too many pixels, or does not decode. */
public class ImageRejectedException extends Exception {

    public enum Reason { TOO_LARGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, CORRUPT }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
