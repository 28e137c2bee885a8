package dev.processflow.image.imaging;

import java.io.IOException;

/**
 * The upload is too large, not an image this service takes, declares too many pixels, would need more memory to decode
 * than the service has, or does not decode.
 */
public class ImageRejectedException extends Exception {

    public enum Reason { TOO_LARGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, TOO_MUCH_MEMORY, CORRUPT }

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

    /** A step that reads image data, where any failure of the decoder means the data is not a decodable image. */
    @FunctionalInterface
    interface Decoding<T> {
        T run() throws IOException;
    }

    /** Runs {@code step}, turning whatever the decoder throws into a rejection of the image as corrupt. */
    static <T> T decoding(ImageFormat format, Decoding<T> step) throws ImageRejectedException {
        try {
            return step.run();
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format.id() + " data cannot be decoded", e);
        }
    }
}
