package dev.processflow.image.imaging;

/**
 * Tests tagged {@value #TAG} run in a JVM of their own, with the flags the local stack gives the service (serial
 * collector, C1, exit on OutOfMemoryError), the decode heap budget the service has with the stack's -Xmx384m (128
 * MiB), 128 MiB more heap for the Kafka broker and Quarkus' test bootstrap that share this JVM, the heap pre-touched at
 * a fixed size so that resident memory grows only outside it, and glibc's mmap threshold fixed as in deploy/
 * (image-service/pom.xml).
 */
public final class ServiceMemory {

    public static final String TAG = "service-memory";

    private ServiceMemory() {
    }
}
