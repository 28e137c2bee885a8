package dev.processflow.image.imaging;

/**
 * Tests tagged {@value #TAG} run in a JVM of their own, with the flags the local stack gives the service (-Xmx384m,
 * serial collector, C1, exit on OutOfMemoryError), its heap pre-touched at a fixed size so that resident memory grows
 * only outside the heap, and glibc's mmap threshold fixed as in deploy/ (image-service/pom.xml).
 */
public final class ServiceMemory {

    public static final String TAG = "service-memory";

    private ServiceMemory() {
    }
}
