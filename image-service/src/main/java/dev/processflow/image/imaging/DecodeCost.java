package dev.processflow.image.imaging;

/**
 * The memory one decode holds at its peak: on the Java heap (decoded pixels, the decoders written in Java) and outside
 * it (libjpeg's buffers, which no -Xmx bounds and only the container limit stops).
 */
public record DecodeCost(long heapBytes, long nativeBytes) {

    public DecodeCost {
        if (heapBytes < 0 || nativeBytes < 0) {
            throw new IllegalArgumentException("a decode cannot cost negative memory");
        }
    }

    public DecodeCost plus(DecodeCost other) {
        return new DecodeCost(DecodeProfile.sum(heapBytes, other.heapBytes),
                DecodeProfile.sum(nativeBytes, other.nativeBytes));
    }

    @Override
    public String toString() {
        return (heapBytes >> 20) + " MiB of heap and " + (nativeBytes >> 20) + " MiB of native memory";
    }
}
