package dev.processflow.image.imaging;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * Measures, by hand rather than as a timed assertion, what the README reports: (1) one resize of a 24 MP JPEG into the
 * default variants, wall time and peak heap, under the service's production heap; (2) how the downscaling methods
 * considered compare in speed and aliasing, on a zone plate: where its rings are finer than the target's pixels the
 * ideal result is flat grey, so the mean deviation from grey there is the aliasing.
 * Run it as the module README shows, with {@code -Xmx256m}.
 */
public final class ResizeMeasurement {

    private static final List<VariantSpec> DEFAULT_VARIANTS = List.of(
            new VariantSpec("thumb", 150, 150, VariantSpec.Fit.COVER),
            new VariantSpec("small", 400, 400, VariantSpec.Fit.CONTAIN),
            new VariantSpec("medium", 1024, 1024, VariantSpec.Fit.CONTAIN),
            new VariantSpec("large", 2048, 2048, VariantSpec.Fit.CONTAIN));

    private ResizeMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int concurrency = Runtime.getRuntime().availableProcessors();
        // The service's defaults: half the old generation for decodes, a share of it per concurrent resize.
        long heapBudget = DecodeHeap.defaultBudget();
        VariantRenderer renderer = new VariantRenderer(new ImageCodecs(), 0.85f,
                new BandSizing(heapBudget, concurrency, OptionalLong.empty()));
        System.out.printf("max heap %d MB, %d cores -> decode heap budget %d MB%n",
                Runtime.getRuntime().maxMemory() >> 20, concurrency, heapBudget >> 20);
        measureLargeJpeg(renderer, 6000, 4000, concurrency);
        compareDownscalers(renderer, 3000, 2000, 400);
    }

    private static void measureLargeJpeg(VariantRenderer renderer, int width, int height, int concurrency)
            throws Exception {
        Path source = Files.createTempFile("measure-", ".jpg");
        try {
            // Writing the source needs its own full-size raster; that garbage is collected before the peaks reset.
            Files.write(source, TestImages.jpeg(TestImages.gradient(width, height)));
            renderer.render(source, DEFAULT_VARIANTS, Admissions.UNBOUNDED);
            System.gc();
            long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            long start = System.nanoTime();
            List<RenderedVariant> variants = renderer.render(source, DEFAULT_VARIANTS, Admissions.UNBOUNDED);
            long millis = (System.nanoTime() - start) / 1_000_000;
            sampler.interrupt();
            sampler.join();
            long poolPeaks = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("%dx%d JPEG, %d bytes -> %s%n", width, height, Files.size(source), variants.stream()
                    .map(v -> v.name() + " " + v.width() + "x" + v.height() + " " + v.bytes().length + " B").toList());
            System.out.printf("one resize (second run): %d ms; heap before %d MB, peak in use %d MB sampled every ms"
                    + " (garbage included; sum of the heap pools' peaks: %d MB)%n", millis, before >> 20,
                    sampler.peak >> 20, poolPeaks >> 20);

            // As many at once as the service allows by default (one per core), each with its share of the heap.
            System.gc();
            HeapSampler together = new HeapSampler();
            together.start();
            start = System.nanoTime();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
            try {
                List<java.util.concurrent.Future<List<RenderedVariant>>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    runs.add(pool.submit(() -> renderer.render(source, DEFAULT_VARIANTS, Admissions.UNBOUNDED)));
                }
                for (java.util.concurrent.Future<List<RenderedVariant>> run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdown();
            }
            millis = (System.nanoTime() - start) / 1_000_000;
            together.interrupt();
            together.join();
            System.out.printf("%d resizes at once: %d ms in all; peak in use %d MB%n", concurrency, millis,
                    together.peak >> 20);
        } finally {
            Files.deleteIfExists(source);
        }
    }

    private static void compareDownscalers(VariantRenderer renderer, int width, int height, int target) throws Exception {
        BufferedImage plate = TestImages.zonePlate(width, height);
        int targetHeight = height * target / width;
        Path source = Files.createTempFile("zone-plate-", ".png");
        try {
            Files.write(source, TestImages.png(plate));
            List<VariantSpec> small = List.of(new VariantSpec("small", target, target, VariantSpec.Fit.CONTAIN));
            renderer.render(source, small, Admissions.UNBOUNDED);
            long start = System.nanoTime();
            byte[] ours = renderer.render(source, small, Admissions.UNBOUNDED).get(0).bytes();
            report("box + Lanczos3 (this service, incl. PNG decode + JPEG encode)", start,
                    ImageIO.read(new ByteArrayInputStream(ours)), width, height);
        } finally {
            Files.deleteIfExists(source);
        }
        compare("Java2D bilinear, one step", plate, s -> draw(s, target, targetHeight));
        compare("Java2D bilinear, halving steps (Thumbnailator's approach)", plate, s -> {
            BufferedImage current = s;
            while (current.getWidth() / 2 >= target) {
                current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
            }
            return draw(current, target, targetHeight);
        });
        compare("Image.getScaledInstance(SCALE_AREA_AVERAGING)", plate, s -> {
            Image scaled = s.getScaledInstance(target, targetHeight, Image.SCALE_AREA_AVERAGING);
            BufferedImage out = new BufferedImage(target, targetHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(scaled, 0, 0, null);
            g.dispose();
            return out;
        });
    }

    private static void compare(String name, BufferedImage source, UnaryOperator<BufferedImage> method) {
        method.apply(source);
        long start = System.nanoTime();
        report(name, start, method.apply(source), source.getWidth(), source.getHeight());
    }

    /** Mean |grey - 127.5| over the target pixels whose rings are at least 1.5 times finer than the target's Nyquist. */
    private static void report(String name, long start, BufferedImage result, int sourceWidth, int sourceHeight) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        double ratio = (double) sourceWidth / result.getWidth();
        double k = TestImages.zonePlateK(sourceWidth, sourceHeight);
        double deviation = 0;
        long counted = 0;
        for (int y = 0; y < result.getHeight(); y++) {
            for (int x = 0; x < result.getWidth(); x++) {
                double radius = Math.hypot((x + 0.5) * ratio - sourceWidth / 2.0, (y + 0.5) * ratio - sourceHeight / 2.0);
                if (k * radius > 1.5 * 0.5 / ratio) {
                    deviation += Math.abs(((result.getRGB(x, y) >> 8) & 0xFF) - 127.5);
                    counted++;
                }
            }
        }
        System.out.printf("  %-62s %5d ms, aliasing (mean deviation from flat grey) %.1f / 127.5%n", name, millis,
                deviation / counted);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** Samples the heap in use (garbage included, as the collector sees it) until interrupted. */
    private static final class HeapSampler extends Thread {
        private volatile long peak;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
