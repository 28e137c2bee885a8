package dev.processflow.image.imaging;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.regex.Pattern;

/** How much of this JVM's heap decodes get by default. */
public final class DecodeHeap {

    /** The share of the old generation decodes may take together; the rest is the service's own. */
    static final double SHARE = 0.5;
    /** The old generation's memory pool: "Tenured Gen" (serial), "PS Old Gen" (parallel), "G1 Old Gen". */
    private static final Pattern OLD_GENERATION = Pattern.compile("Old Gen|Tenured");

    private DecodeHeap() {
    }

    /**
     * Half the old generation: decoded bands outlive young collections, so they need room there, and the serial and
     * parallel collectors cap it at two thirds of the heap (G1's may take all of it).
     */
    public static long defaultBudget() {
        long heap = Runtime.getRuntime().maxMemory();
        long old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && OLD_GENERATION.matcher(pool.getName()).find())
                .mapToLong(pool -> pool.getUsage().getMax())
                .filter(max -> max > 0)
                .map(max -> Math.min(max, heap))
                .min().orElse(heap);
        return (long) (old * SHARE);
    }
}
