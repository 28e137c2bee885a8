package dev.processflow.image.imaging;

/**
 * Lets a decode start only once the memory it will hold is free. Every decode of the service asks one first, with
 * the cost read from the image's header, and gives the memory back when it is done.
 */
@FunctionalInterface
public interface DecodeAdmission {

    /**
     * Returns once {@code cost} is reserved. Refuses a cost that could never fit (a functional rejection of the image:
     * {@link ImageRejectedException.Reason#TOO_MUCH_MEMORY}), and answers busy when the memory is not free in time.
     */
    Admitted admit(DecodeCost cost) throws ImageRejectedException, DecodeBusyException;

    /** The reserved memory; closing gives it back. */
    interface Admitted extends AutoCloseable {
        @Override
        void close();
    }
}
