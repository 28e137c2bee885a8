package dev.processflow.bench.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.bench.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child JVM that runs image-service's renderer over files, so its peak RSS is its own: {@code threads} resizes
 * at once (the service's resize slots), {@code passes} passes over the files of which all but the last warm the JIT
 * up, the last one timed and its variants written to {@code out}. Prints one JSON document on stdout.
 */
public final class RenderWorker {

    private RenderWorker() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int passes = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        List<Path> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        ServiceRenderer renderer = new ServiceRenderer(threads);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("heapBudgetBytes", renderer.heapBudget());
        result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        List<Double> passSeconds = new ArrayList<>();
        Map<String, Double> millis = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int pass = 1; pass <= passes; pass++) {
                boolean last = pass == passes;
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (Path file : files) {
                    done.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        List<ServiceRenderer.Variant> variants = renderer.render(file);
                        long t1 = System.nanoTime();
                        if (last) {
                            synchronized (millis) {
                                millis.put(file.getFileName().toString(), (t1 - t0) / 1e6);
                            }
                            Path dir = out.resolve(file.getFileName().toString());
                            Files.createDirectories(dir);
                            for (ServiceRenderer.Variant v : variants) {
                                Files.write(dir.resolve(v.name() + "." + (v.format().equals("png") ? "png" : "jpg")), v.bytes());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                passSeconds.add((System.nanoTime() - start) / 1e9);
            }
        } finally {
            pool.shutdown();
        }
        result.put("passSeconds", passSeconds);
        result.put("images", files.size());
        result.put("millisPerImage", millis);
        result.put("peakRssKiB", ProcessMemory.peakRssKiB(ProcessHandle.current().pid()).orElse(-1));
        System.out.println(new ObjectMapper().writeValueAsString(result));
    }
}
