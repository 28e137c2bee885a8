package dev.processflow.image.budget;

import static dev.processflow.image.api.ImageApi.awaitOutcome;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.processflow.image.api.ImageApi;
import dev.processflow.image.imaging.ProgressiveJpeg;
import dev.processflow.image.imaging.ResidentMemory;
import dev.processflow.image.imaging.ServiceMemory;
import dev.processflow.image.imaging.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Eight progressive JPEGs just under the pixel limit, uploaded at once, against the decode budget the service has
 * with the heap the local stack gives it (-Xmx384m: 128 MiB, see {@link ServiceMemory} for the test JVM) and the room
 * outside the heap that deploy/ leaves for decoding (a 1536 MiB container: 768 MiB heap, the JVM's own memory, 320
 * MiB for decoding). Each of these files is
 * 1.5 MB, but decoding one makes libjpeg hold 300 MB outside the heap: without the budget the eight uploads were all
 * accepted and resident memory grew by 1855 MB.
 */
@QuarkusTest
@Tag(ServiceMemory.TAG)
class HostileConcurrencyTest {

    private static final int UPLOADS = 8;
    private static final long MB = 1 << 20;
    /** What deploy/ leaves outside the heap for decoding: the default native budget at 50 MP, and a little. */
    private static final long DECODING_ROOM = 320 * MB;
    /** Resident memory the JVM itself may add while it runs the test: thread stacks, compiled code, classes. */
    private static final long JVM_GROWTH = 64 * MB;

    @Inject
    MeterRegistry registry;

    @Test
    void eightProgressiveJpegsJustUnderThePixelLimitAtOnceAreAnsweredAndTheServiceStaysInsideItsMemory()
            throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(gauge("processflow.image.decode.memory.capacity", "heap")).as("the budget of -Xmx384m")
                .isEqualTo(128.0 * MB);
        // 7071 x 7071 = 49,999,041 pixels, 4:4:4.
        List<byte[]> hostile = IntStream.range(0, UPLOADS).mapToObj(i -> ProgressiveJpeg.full(7071, 7071, i)).toList();
        // One ordinary image through the whole flow first, so classes and compiled code are in before measuring.
        String warmUp = ImageApi.upload(TestImages.jpeg(TestImages.gradient(1200, 900)), "warm.jpg", "image/jpeg")
                .then().statusCode(202).extract().path("id");
        assertThat(awaitOutcome(warmUp)).isEqualTo("READY");

        HeapAfterCollections heap = HeapAfterCollections.watch();
        System.gc();
        // Collections are reported on a thread of their own.
        Awaitility.await().until(() -> heap.collections() > 0);
        long liveBefore = heap.peak();
        heap.collectFourTimesASecond();
        long residentBefore = ResidentMemory.current();
        ResidentMemory.resetPeak();
        List<HttpResponse<String>> responses = uploadAtOnce(hostile);

        List<String> accepted = new ArrayList<>();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isIn(202, 503);
            if (response.statusCode() == 202) {
                accepted.add(JsonPath.from(response.body()).getString("id"));
            } else {
                assertThat(Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(JsonPath.from(response.body()).getInt("status")).isEqualTo(503);
            }
        }
        assertThat(accepted).as("at least the first upload finds the memory free").isNotEmpty();
        for (String id : accepted) {
            assertThat(awaitOutcome(id, Duration.ofMinutes(5))).isEqualTo("READY");
            given().get("/images/" + id).then().statusCode(200);
        }
        long grew = ResidentMemory.peak() - residentBefore;
        heap.stop();

        double nativeBudget = gauge("processflow.image.decode.memory.capacity", "native");
        double heapBudget = gauge("processflow.image.decode.memory.capacity", "heap");
        double nativePeak = gauge("processflow.image.decode.memory.peak", "native");
        System.out.printf("%d uploads at once: %d accepted and READY, %d answered 503%n", UPLOADS, accepted.size(),
                UPLOADS - accepted.size());
        System.out.printf("resident memory %d MB before, grew by %d MB (native budget %d MB)%n", residentBefore >> 20,
                grew >> 20, (long) nativeBudget >> 20);
        System.out.printf("heap after %d full collections %d MB before, at most %d of %d MB; reserved at most %d MB"
                + " heap (budget %d MB), %d MB native%n", heap.collections(), liveBefore >> 20, heap.peak() >> 20,
                maxHeap >> 20,
                (long) gauge("processflow.image.decode.memory.peak", "heap") >> 20, (long) heapBudget >> 20,
                (long) nativePeak >> 20);

        // Each decode of these files really did reserve its 300 MB, and never more than one fitted at a time.
        assertThat(nativePeak).isBetween(300.0 * 1_000_000, nativeBudget);
        // What the container sees: the heap is pre-touched, so all growth is outside it, and it stayed in the room left.
        assertThat(grew).isLessThanOrEqualTo(DECODING_ROOM + JVM_GROWTH);
        // What the heap held after every full collection: live data, of which the decodes added no more than the heap
        // budget they reserved.
        assertThat(heap.collections()).isGreaterThan(10);
        assertThat(heap.peak() - liveBefore).isLessThanOrEqualTo((long) heapBudget);
    }

    private static List<HttpResponse<String>> uploadAtOnce(List<byte[]> files) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(files.size());
        try {
            CountDownLatch ready = new CountDownLatch(files.size());
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                byte[] file = files.get(i);
                String name = "hostile-" + i + ".jpg";
                sent.add(clients.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return ImageApi.send(file, name, "image/jpeg");
                }));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            clients.shutdown();
        }
    }

    private double gauge(String name, String kind) {
        return registry.get(name).tag("kind", kind).gauge().value();
    }

    /**
     * The heap in use right after each full collection, as the collector reports it: live data only (after a young
     * collection the old generation may still hold garbage). One is asked for four times a second, so that the live
     * heap of decodes, each of which lasts seconds, is seen many times over whether or not the heap fills up, even
     * when only two of the uploads are admitted one after the other.
     */
    private static final class HeapAfterCollections {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
            }
        }, "full-collections");
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                        .from((CompositeData) notification.getUserData());
                if (!info.getGcAction().equals("end of major GC")) {
                    return;
                }
                collections.incrementAndGet();
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> isHeap(pool.getKey()))
                        .map(Map.Entry::getValue).mapToLong(MemoryUsage::getUsed).sum();
                peak.accumulateAndGet(used, Math::max);
            }
        };

        static HeapAfterCollections watch() {
            HeapAfterCollections watch = new HeapAfterCollections();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(watch.listener, null, null);
            }
            return watch;
        }

        /** From now on, a full collection four times a second. */
        void collectFourTimesASecond() {
            collector.setDaemon(true);
            collector.start();
        }

        private static boolean isHeap(String pool) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .anyMatch(p -> p.getName().equals(pool) && p.getType() == MemoryType.HEAP);
        }

        long peak() {
            return peak.get();
        }

        long collections() {
            return collections.get();
        }

        void stop() throws Exception {
            collector.interrupt();
            collector.join();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            }
        }
    }
}
