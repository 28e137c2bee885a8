package dev.processflow.platform.eventing;

/** A failure the function already retried to exhaustion and recorded: dead-letter it at once, do not retry it again. */
public class RetriesExhaustedException extends RuntimeException {

    public RetriesExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
