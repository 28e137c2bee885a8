package dev.processflow.image.resize;

import dev.processflow.image.ImageConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/** Bounds how many resizes decode at once, whoever calls: the Kafka consumer or a pushed CloudEvent. */
@ApplicationScoped
// Created at startup so its gauges are there before the first resize.
@Startup
public class ResizeSlots {

    private final Semaphore permits;

    public ResizeSlots(ImageConfig config, MeterRegistry registry) {
        int concurrency = ResizeSetup.concurrency(config);
        this.permits = new Semaphore(concurrency, true);
        Gauge.builder("processflow.image.resize.slots.free", permits, Semaphore::availablePermits)
                .description("resizes that could start now; 0 means uploads are queueing")
                .register(registry);
        Gauge.builder("processflow.image.resize.slots", () -> concurrency).register(registry);
    }

    public void acquire() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to resize", e);
        }
    }

    public void release() {
        permits.release();
    }
}
