package dev.processflow.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed amount of single-threaded CPU work, timed in the same run as the figures it accompanies: machines of one
 * kind differ by up to 2x, and so does one machine over a day, so a figure is only comparable beside its reference.
 */
public final class SpeedReference {

    private static final int BLOCK_BYTES = 1 << 20;
    private static final int BLOCKS = 64;

    private SpeedReference() {
    }

    /** MiB/s of SHA-256 over 64 MiB on the calling thread, the best of {@code rounds} (the first ones warm the JIT). */
    public static double sha256MiBPerSecond(int rounds) {
        byte[] block = new byte[BLOCK_BYTES];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < BLOCKS; i++) {
                sha256.update(block);
                block[0] = sha256.digest()[0];
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            best = Math.max(best, BLOCKS / seconds);
        }
        return best;
    }
}
