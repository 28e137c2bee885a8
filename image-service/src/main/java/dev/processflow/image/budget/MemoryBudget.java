package dev.processflow.image.budget;

import dev.processflow.image.imaging.DecodeCost;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Heap and native memory shared by decodes, each with a capacity. A decode reserves its estimated cost before it
 * starts and gives it back when done. Decodes that do not fit wait in line, first come first served, so a large one is
 * never overtaken for ever by a stream of small ones; one that gives up leaves the line.
 */
final class MemoryBudget {

    private final long heapCapacity;
    private final long nativeCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> line = new ArrayDeque<>();
    private long heapReserved;
    private long nativeReserved;
    private long heapPeak;
    private long nativePeak;

    MemoryBudget(long heapCapacity, long nativeCapacity) {
        this.heapCapacity = heapCapacity;
        this.nativeCapacity = nativeCapacity;
    }

    boolean fitsEver(DecodeCost cost) {
        return cost.heapBytes() <= heapCapacity && cost.nativeBytes() <= nativeCapacity;
    }

    /**
     * Reserves {@code cost} once it is first in line and fits, waiting at most {@code maxWaitNanos} (negative: as long
     * as it takes); false if the time ran out first.
     */
    boolean reserve(DecodeCost cost, long maxWaitNanos) throws InterruptedException {
        if (!fitsEver(cost)) {
            throw new IllegalArgumentException(cost + " can never fit " + this);
        }
        Ticket ticket = new Ticket();
        lock.lock();
        try {
            line.addLast(ticket);
            try {
                long remaining = maxWaitNanos;
                while (line.peekFirst() != ticket || !fitsNow(cost)) {
                    if (maxWaitNanos < 0) {
                        changed.await();
                    } else if (remaining <= 0) {
                        return false;
                    } else {
                        remaining = changed.awaitNanos(remaining);
                    }
                }
                heapReserved += cost.heapBytes();
                nativeReserved += cost.nativeBytes();
                heapPeak = Math.max(heapPeak, heapReserved);
                nativePeak = Math.max(nativePeak, nativeReserved);
                return true;
            } finally {
                // Admitted, timed out or interrupted: out of the line either way, and the next one may fit now.
                line.remove(ticket);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void release(DecodeCost cost) {
        lock.lock();
        try {
            heapReserved -= cost.heapBytes();
            nativeReserved -= cost.nativeBytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean fitsNow(DecodeCost cost) {
        return heapReserved + cost.heapBytes() <= heapCapacity && nativeReserved + cost.nativeBytes() <= nativeCapacity;
    }

    long heapCapacity() {
        return heapCapacity;
    }

    long nativeCapacity() {
        return nativeCapacity;
    }

    long heapReserved() {
        return locked(() -> heapReserved);
    }

    long nativeReserved() {
        return locked(() -> nativeReserved);
    }

    /** The most heap ever reserved at once. */
    long heapPeak() {
        return locked(() -> heapPeak);
    }

    long nativePeak() {
        return locked(() -> nativePeak);
    }

    /** Decodes waiting for memory. */
    int waiting() {
        return (int) locked(line::size);
    }

    private long locked(LongSupplier read) {
        lock.lock();
        try {
            return read.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "a budget of " + (heapCapacity >> 20) + " MiB of heap and " + (nativeCapacity >> 20)
                + " MiB of native memory";
    }

    /** One decode's place in line, by identity. */
    private static final class Ticket {
    }
}
