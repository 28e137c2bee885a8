package dev.processflow.image.budget;

import dev.processflow.image.ImageConfig;
import dev.processflow.image.imaging.DecodeAdmission;
import dev.processflow.image.imaging.DecodeBusyException;
import dev.processflow.image.imaging.DecodeCost;
import dev.processflow.image.imaging.DecodeHeap;
import dev.processflow.image.imaging.ImageRejectedException;
import dev.processflow.image.imaging.ImageRejectedException.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The memory all decodes of the service may hold together, on the heap and outside it, so that no mix of uploads and
 * resizes can run the JVM out of heap or the container out of memory. Every decode reserves what its header says it
 * will cost before it starts: an upload's trial decode waits briefly and is otherwise answered busy (503), a resize
 * waits as long as it takes, and a decode that could never fit is a rejection of the image.
 */
@ApplicationScoped
// Created at startup so its gauges are there before the first decode.
@Startup
public class DecodeBudget {

    /** A progressive 4:4:4 JPEG's DCT coefficients: 3 components of 2 bytes per pixel. */
    static final long NATIVE_BYTES_PER_PIXEL = 6;
    /** libjpeg's row buffers and state besides the coefficients, for the widest JPEG (65535 pixels). */
    static final long NATIVE_ROW_BUFFERS = 16L << 20;

    private final MemoryBudget budget;
    private final Duration uploadWait;
    private final Duration retryAfter;
    private final Counter busy;
    private final Counter refused;

    public DecodeBudget(ImageConfig config, MeterRegistry registry) {
        long heap = config.decode().heapBudget().map(MemorySize::asLongValue)
                .orElseGet(DecodeHeap::defaultBudget);
        long nativeMemory = config.decode().nativeBudget().map(MemorySize::asLongValue)
                .orElse(config.maxPixels() * NATIVE_BYTES_PER_PIXEL + NATIVE_ROW_BUFFERS);
        this.budget = new MemoryBudget(heap, nativeMemory);
        this.uploadWait = config.decode().uploadWait();
        this.retryAfter = config.decode().retryAfter();
        gauge(registry, "processflow.image.decode.memory.capacity", "heap", MemoryBudget::heapCapacity);
        gauge(registry, "processflow.image.decode.memory.capacity", "native", MemoryBudget::nativeCapacity);
        gauge(registry, "processflow.image.decode.memory.reserved", "heap", MemoryBudget::heapReserved);
        gauge(registry, "processflow.image.decode.memory.reserved", "native", MemoryBudget::nativeReserved);
        gauge(registry, "processflow.image.decode.memory.peak", "heap", MemoryBudget::heapPeak);
        gauge(registry, "processflow.image.decode.memory.peak", "native", MemoryBudget::nativePeak);
        Gauge.builder("processflow.image.decode.waiting", budget, MemoryBudget::waiting)
                .description("decodes waiting for memory").register(registry);
        this.busy = Counter.builder("processflow.image.decode.busy")
                .description("uploads answered 503 because decode memory stayed taken").register(registry);
        this.refused = Counter.builder("processflow.image.decode.refused")
                .description("images refused because decoding them could never fit the budget").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String kind, ToDoubleFunction<MemoryBudget> value) {
        Gauge.builder(name, budget, value).tag("kind", kind).baseUnit("bytes").register(registry);
    }

    /** Upload checks: wait up to {@code processflow.image.decode.upload-wait}, then answer busy. */
    public DecodeAdmission forUploads() {
        return cost -> admit(cost, uploadWait.toNanos());
    }

    /** Resizes: wait for as long as it takes; the work is queued already. */
    public DecodeAdmission forResizes() {
        return cost -> admit(cost, -1);
    }

    /** Refuses, as an image that needs too much memory, a decode that could never fit however long it waited. */
    public void requireFits(DecodeCost cost) throws ImageRejectedException {
        if (!budget.fitsEver(cost)) {
            refused.increment();
            throw new ImageRejectedException(Reason.TOO_MUCH_MEMORY, "decoding the image needs " + cost
                    + ", more than " + budget + " that this service has for decoding");
        }
    }

    public long heapCapacity() {
        return budget.heapCapacity();
    }

    private DecodeAdmission.Admitted admit(DecodeCost cost, long maxWaitNanos)
            throws ImageRejectedException, DecodeBusyException {
        requireFits(cost);
        boolean reserved;
        try {
            reserved = budget.reserve(cost, maxWaitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for decode memory", e);
        }
        if (!reserved) {
            busy.increment();
            throw new DecodeBusyException("the memory to decode this image (" + cost
                    + ") stayed taken by other images for " + uploadWait.toMillis() + " ms", retryAfter);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                budget.release(cost);
            }
        };
    }
}
