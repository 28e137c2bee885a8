package dev.processflow.events;

/** An event that can never be processed: not JSON, wrong shape, unknown type. It belongs in a dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
