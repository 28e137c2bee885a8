package dev.processflow.stack;

/** A start-up problem the user can act on: a taken port, a missing build, a component that never became ready. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
