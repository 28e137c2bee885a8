package dev.processflow.image.imaging;

import java.time.Duration;

/** The memory a decode needs stayed taken by other decodes for as long as the caller could wait. */
public class DecodeBusyException extends Exception {

    private final transient Duration retryAfter;

    public DecodeBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When trying again is worth it. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
