package dev.processflow.bench.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.bench.Http;
import dev.processflow.bench.Machine;
import dev.processflow.bench.Options;
import dev.processflow.bench.report.Html;
import dev.processflow.bench.report.Json;
import dev.processflow.bench.report.Table;
import dev.processflow.stack.RealmTokens;
import dev.processflow.stack.ServiceRuntime;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * {@code ./processflow bench images}: the same corpus and variant set through image-service's resize code (in a JVM
 * of its own, as the stack runs it) and through libvips's {@code vipsthumbnail}, at one and two resizes at once; peak
 * RSS of each; SSIM of our variants against libvips's; optionally the service end to end over HTTP.
 */
public final class ImagesBench {

    private static final Set<String> OPTIONS = Set.of("corpus", "out", "seed", "java-opts", "passes", "concurrency",
            "service-url", "timeout", "issuer");
    private static final Set<String> FLAGS = Set.of("service", "help");
    private static final String INSTALL_HINT = "install them with: sudo apt-get install -y libvips-tools imagemagick";

    /** One engine at one concurrency over the corpus. */
    record Run(String engine, int concurrency, int images, double seconds, double imagesPerSecond, long peakRssKiB,
            Map<String, Double> millisPerImage) {
    }

    /** Our variant against libvips's. */
    record Quality(String image, String variant, String ours, String vips, boolean resampled, double ssim, double psnr) {
    }

    private ImagesBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Options> options = Options.parseOrUsage(args, OPTIONS, FLAGS, ImagesBench::usage);
        if (options.isPresent()) {
            System.exit(new ImagesBench().run(options.get()));
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./processflow bench images [options]
                  --concurrency 1,2        resizes at once, each measured (default 1,2)
                  --passes N               passes over the corpus in our JVM, all but the last warm-up (default 2)
                  --java-opts "..."        our worker JVM's options (default the stack's: %s)
                  --corpus DIR --seed N    where the generated corpus is kept (default bench/target/image-corpus, 7)
                  --service [--service-url URL] [--issuer URL]   also upload the corpus to a running image-service,
                                           signed in as ada (default http://localhost:8084, the local stack's realm)
                  --out DIR                where the JSON and HTML go (default bench/target/results)
                needs vipsthumbnail (libvips-tools); %s""".formatted(ServiceRuntime.PLAIN_JVM_OPTIONS, INSTALL_HINT));
    }

    private int run(Options o) throws Exception {
        Path repository = Path.of(System.getProperty("processflow.repository", ".")).toAbsolutePath().normalize();
        Path imageClasses = repository.resolve("image-service/target/classes");
        if (!Files.exists(imageClasses.resolve("dev/processflow/image/imaging/VariantRenderer.class"))) {
            System.err.println("bench: image-service is not built (" + imageClasses + "); run ./processflow build");
            return 2;
        }
        if (!commandWorks("vipsthumbnail", "--vips-version")) {
            System.err.println("bench: vipsthumbnail (libvips) is not installed; " + INSTALL_HINT);
            return 2;
        }
        String vipsVersion = output(List.of("vipsthumbnail", "--vips-version")).trim();
        Path corpusDir = repository.resolve(o.string("corpus", "bench/target/image-corpus"));
        Path out = repository.resolve(o.string("out", "bench/target/results"));
        String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        Path work = out.resolve("images-" + runId);
        System.out.println("bench images: corpus in " + corpusDir + " (generated on first use)");
        List<Corpus.Item> corpus = Corpus.ensure(corpusDir, o.integer("seed", 7));
        List<Path> files = corpus.stream().map(Corpus.Item::file).toList();
        String javaOptions = o.string("java-opts", ServiceRuntime.PLAIN_JVM_OPTIONS);
        String classpath = System.getProperty("java.class.path") + File.pathSeparator + imageClasses;
        int passes = o.integer("passes", 2);
        List<Run> runs = new ArrayList<>();
        Map<Integer, Path> oursOutput = new LinkedHashMap<>();
        Map<Integer, Path> vipsOutput = new LinkedHashMap<>();
        for (String c : o.list("concurrency", List.of("1", "2"))) {
            int concurrency = Integer.parseInt(c);
            Path oursDir = work.resolve("ours-c" + concurrency);
            System.out.printf("ours, %d at once, %d passes (%s)...%n", concurrency, passes, javaOptions);
            runs.add(ours(classpath, javaOptions, concurrency, passes, oursDir, files));
            oursOutput.put(concurrency, oursDir);
            Path vipsDir = work.resolve("vips-c" + concurrency);
            System.out.printf("vipsthumbnail batched, %d at once...%n", concurrency);
            runs.add(vipsBatched(concurrency, vipsDir, files));
            vipsOutput.put(concurrency, vipsDir);
            System.out.printf("vipsthumbnail one process per call, %d at once...%n", concurrency);
            runs.add(vipsPerCall(concurrency, work.resolve("vips-per-call-c" + concurrency), files));
        }
        Path biggest = corpus.stream().filter(i -> i.format().equals("jpeg"))
                .max((a, b) -> Long.compare((long) a.width() * a.height(), (long) b.width() * b.height()))
                .orElseThrow().file();
        System.out.println("peak RSS for one " + biggest.getFileName() + " in a fresh process...");
        Run oursSingle = ours(classpath, javaOptions, 1, 1, work.resolve("ours-single"), List.of(biggest));
        Run vipsSingle = vipsPerCall(1, work.resolve("vips-single"), List.of(biggest));
        System.out.println("SSIM of our variants against libvips's...");
        int first = oursOutput.keySet().iterator().next();
        List<Quality> quality = quality(oursOutput.get(first), vipsOutput.get(first), files);
        List<Run> service = new ArrayList<>();
        if (o.flag("service")) {
            String url = o.string("service-url", "http://localhost:8084");
            if (!Http.ok(url + "/q/health/ready")) {
                System.err.println("bench: " + url + " is not ready; skipping the end-to-end part (start ./processflow up)");
            } else {
                RealmTokens.Session uploader = new RealmTokens(
                        o.string("issuer", "http://localhost:8180/realms/processflow")).session("ada");
                for (String c : o.list("concurrency", List.of("1", "2"))) {
                    System.out.printf("image-service over HTTP, %s uploads at once...%n", c);
                    service.add(service(url, Integer.parseInt(c), corpus, o.duration("timeout", Duration.ofMinutes(5)),
                            uploader));
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "images");
        doc.put("runId", runId);
        doc.put("startedAt", Instant.now().toString());
        doc.put("machine", Machine.describe());
        doc.put("libvips", vipsVersion);
        doc.put("ourJavaOptions", javaOptions);
        doc.put("variants", "thumb 150x150 cover, small 400, medium 1024, large 2048 (fit), JPEG q85 / Q=85, stripped");
        doc.put("corpus", corpus.stream().map(i -> Map.of("file", i.name(), "width", i.width(), "height", i.height(),
                "bytes", size(i.file()))).toList());
        doc.put("runs", runs);
        doc.put("singleLargestJpeg", Map.of("ours", oursSingle, "vips", vipsSingle));
        doc.put("quality", quality);
        doc.put("service", service);
        Tables tables = tables(runs, oursSingle, vipsSingle, quality, service, biggest);
        System.out.println();
        System.out.print(tables.throughput().markdown());
        System.out.println();
        System.out.print(tables.single().markdown());
        System.out.println();
        System.out.print(tables.qualitySummary().markdown());
        if (!service.isEmpty()) {
            System.out.println();
            System.out.print(tables.service().markdown());
        }
        Path json = out.resolve("images-" + runId + ".json");
        Path htmlFile = out.resolve("images-" + runId + ".html");
        Json.write(json, doc);
        Html html = new Html("processflow resize benchmark, run " + runId);
        html.paragraph("Machine: " + Machine.describe() + "; " + vipsVersion + "; our JVM: " + javaOptions);
        html.heading("Throughput and memory").table(tables.throughput());
        html.heading("One " + biggest.getFileName() + " in a fresh process").table(tables.single());
        html.heading("Per image, one at a time").table(tables.perImage());
        html.heading("SSIM against libvips, by variant").table(tables.qualitySummary());
        html.heading("SSIM against libvips, every output").table(tables.quality());
        if (!service.isEmpty()) {
            html.heading("image-service end to end (upload to READY)").table(tables.service());
        }
        html.write(htmlFile);
        System.out.println("wrote " + json + " and " + htmlFile + "; outputs under " + work);
        return 0;
    }

    private static Run ours(String classpath, String javaOptions, int concurrency, int passes, Path outDir,
            List<Path> files) throws Exception {
        Files.createDirectories(outDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, RenderWorker.class.getName(), Integer.toString(concurrency),
                Integer.toString(passes), outDir.toString()));
        files.forEach(f -> command.add(f.toString()));
        String output = output(command);
        JsonNode result = Json.MAPPER.readTree(output.substring(output.lastIndexOf("\n{") + 1));
        JsonNode passSeconds = result.path("passSeconds");
        double seconds = passSeconds.get(passSeconds.size() - 1).asDouble();
        Map<String, Double> millis = new LinkedHashMap<>();
        result.path("millisPerImage").fields().forEachRemaining(e -> millis.put(e.getKey(), e.getValue().asDouble()));
        return new Run("image-service VariantRenderer", concurrency, files.size(), seconds, files.size() / seconds,
                result.path("peakRssKiB").asLong(), millis);
    }

    /**
     * Each image through four vipsthumbnail processes (one per variant, as its command line makes one size per call),
     * each single-threaded (VIPS_CONCURRENCY=1) so that N at once means N resizes at once, as for ours. This pays a
     * process start per image and variant, as a service shelling out to it would.
     */
    private static Run vipsPerCall(int concurrency, Path outDir, List<Path> files) throws Exception {
        ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(files);
        Map<String, Double> millis = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicLong peak = new AtomicLong(-1);
        double seconds = inThreads(concurrency, () -> {
            Path file;
            while ((file = queue.poll()) != null) {
                long t0 = System.nanoTime();
                Files.createDirectories(outDir.resolve(file.getFileName().toString()));
                for (Object[] v : ServiceRenderer.DEFAULT_VARIANTS) {
                    peak.accumulateAndGet(vipsthumbnail(List.of(file), outDir, v), Math::max);
                }
                millis.put(file.getFileName().toString(), (System.nanoTime() - t0) / 1e6);
            }
        });
        return new Run("libvips vipsthumbnail, one process per image and variant", concurrency, files.size(), seconds,
                files.size() / seconds, peak.get(), new LinkedHashMap<>(millis));
    }

    /**
     * The same work with the process starts amortized: each of N threads runs one vipsthumbnail per variant and
     * input format over its share of the files (dealt largest first), so this is libvips's own speed.
     */
    private static Run vipsBatched(int concurrency, Path outDir, List<Path> files) throws Exception {
        List<List<Path>> shares = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            shares.add(new ArrayList<>());
        }
        List<Path> bySize = new ArrayList<>(files);
        bySize.sort((a, b) -> Long.compare(size(b), size(a)));
        for (int i = 0; i < bySize.size(); i++) {
            shares.get(i % concurrency).add(bySize.get(i));
        }
        for (Path file : files) {
            Files.createDirectories(outDir.resolve(file.getFileName().toString()));
        }
        AtomicLong peak = new AtomicLong(-1);
        ConcurrentLinkedQueue<List<Path>> queue = new ConcurrentLinkedQueue<>(shares);
        double seconds = inThreads(concurrency, () -> {
            List<Path> share = queue.poll();
            for (Object[] v : ServiceRenderer.DEFAULT_VARIANTS) {
                for (String extension : List.of("jpg", "png")) {
                    List<Path> batch = share.stream().filter(f -> f.getFileName().toString().endsWith("." + extension)).toList();
                    if (!batch.isEmpty()) {
                        peak.accumulateAndGet(vipsthumbnail(batch, outDir, v), Math::max);
                    }
                }
            }
        });
        return new Run("libvips vipsthumbnail, batched per variant", concurrency, files.size(), seconds,
                files.size() / seconds, peak.get(), Map.of());
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} in N threads at once and answers the wall-clock seconds until all finished. */
    private static double inThreads(int concurrency, Work work) throws Exception {
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                try {
                    work.run();
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * One vipsthumbnail over {@code inputs} (all of one extension) making variant {@code v} of each into
     * {@code outDir/<input file name>/<variant>.jpg}, under GNU time; answers its peak RSS in KiB (-1 without it).
     */
    private static long vipsthumbnail(List<Path> inputs, Path outDir, Object[] v) throws Exception {
        String name = (String) v[0];
        boolean cover = v[3].equals("COVER");
        String extension = inputs.get(0).getFileName().toString().substring(inputs.get(0).getFileName().toString().lastIndexOf('.') + 1);
        Path rss = Files.createTempFile("bench-vips-rss", ".txt");
        try {
            List<String> command = new ArrayList<>();
            boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
            if (timed) {
                command.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
            }
            command.add("vipsthumbnail");
            inputs.forEach(f -> command.add(f.toString()));
            command.addAll(List.of("--size", v[1] + "x" + v[2] + (cover ? "" : ">")));
            if (cover) {
                command.addAll(List.of("--smartcrop", "centre"));
            }
            // %s is the input's name without its extension, which the directory name puts back.
            command.addAll(List.of("-o", outDir.toAbsolutePath() + "/%s." + extension + "/" + name + ".jpg[Q=85,strip]"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("VIPS_CONCURRENCY", "1");
            Process process = builder.start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("vipsthumbnail failed on " + inputs + ": " + log);
            }
            if (!timed) {
                return -1;
            }
            String kib = Files.readString(rss).trim();
            return Long.parseLong(kib.substring(kib.lastIndexOf('\n') + 1).trim());
        } finally {
            Files.deleteIfExists(rss);
        }
    }

    private static List<Quality> quality(Path oursDir, Path vipsDir, List<Path> files) throws IOException {
        List<Quality> quality = new ArrayList<>();
        for (Path file : files) {
            String image = file.getFileName().toString();
            for (Object[] v : ServiceRenderer.DEFAULT_VARIANTS) {
                String variant = (String) v[0];
                Path oursFile = oursDir.resolve(image).resolve(variant + ".jpg");
                Path vipsFile = vipsDir.resolve(image).resolve(variant + ".jpg");
                BufferedImage ours = ImageIO.read(oursFile.toFile());
                BufferedImage vips = ImageIO.read(vipsFile.toFile());
                boolean resampled = ours.getWidth() != vips.getWidth() || ours.getHeight() != vips.getHeight();
                BufferedImage aligned = Ssim.resized(vips, ours.getWidth(), ours.getHeight());
                quality.add(new Quality(image, variant, ours.getWidth() + "x" + ours.getHeight(),
                        vips.getWidth() + "x" + vips.getHeight(), resampled, Ssim.ssim(ours, aligned), Ssim.psnr(ours, aligned)));
            }
        }
        return quality;
    }

    /** Uploads one image and polls it until READY; answers the milliseconds from upload to READY. */
    public static double uploadAndAwaitReady(Http http, String url, Corpus.Item item, Duration timeout,
            RealmTokens.Session uploader) throws Exception {
        long t0 = System.nanoTime();
        var created = http.postFile(url + "/images", "file", item.name(),
                item.format().equals("png") ? "image/png" : "image/jpeg", Files.readAllBytes(item.file()),
                uploader.accessToken());
        if (created.statusCode() != 202) {
            throw new IOException("POST /images " + item.name() + " answered " + created.statusCode()
                    + ": " + created.body());
        }
        String id = Json.MAPPER.readTree(created.body()).path("id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode image = Json.MAPPER.readTree(http.get(url + "/images/" + id).body());
            String status = image.path("status").asText();
            if (status.equals("READY")) {
                return (System.nanoTime() - t0) / 1e6;
            }
            if (!status.equals("PROCESSING") || System.nanoTime() > deadline) {
                throw new IOException("image " + id + " (" + item.name() + ") is " + status);
            }
            Thread.sleep(25);
        }
    }

    /** Uploads the corpus (files within the 20 MiB upload limit) and waits for each to be READY. */
    private static Run service(String url, int concurrency, List<Corpus.Item> corpus, Duration timeout,
            RealmTokens.Session uploader) throws Exception {
        Http http = new Http(Duration.ofMinutes(2));
        List<Corpus.Item> uploadable = corpus.stream().filter(i -> size(i.file()) <= 20L * 1024 * 1024).toList();
        ConcurrentLinkedQueue<Corpus.Item> queue = new ConcurrentLinkedQueue<>(uploadable);
        Map<String, Double> millis = Collections.synchronizedMap(new LinkedHashMap<>());
        double seconds = inThreads(concurrency, () -> {
            Corpus.Item item;
            while ((item = queue.poll()) != null) {
                millis.put(item.name(), uploadAndAwaitReady(http, url, item, timeout, uploader));
            }
        });
        return new Run("image-service over HTTP", concurrency, uploadable.size(), seconds, uploadable.size() / seconds,
                -1, new LinkedHashMap<>(millis));
    }

    private record Tables(Table throughput, Table single, Table perImage, Table quality, Table qualitySummary,
            Table service) {
    }

    private static Tables tables(List<Run> runs, Run oursSingle, Run vipsSingle, List<Quality> quality, List<Run> service,
            Path biggest) {
        Table throughput = new Table("engine", "at once", "images", "seconds", "images/s", "ours / libvips batched",
                "ours / libvips per call", "peak RSS MiB (max of processes)");
        for (Run run : runs) {
            boolean ours = !run.engine().startsWith("libvips");
            throughput.row(run.engine(), run.concurrency(), run.images(), f2(run.seconds()), f2(run.imagesPerSecond()),
                    ours ? ratio(run, runs, "batched") : "", ours ? ratio(run, runs, "per image") : "", mib(run.peakRssKiB()));
        }
        Table single = new Table("engine", "seconds", "peak RSS MiB", "ours / libvips RSS");
        single.row(oursSingle.engine() + " (one pass in a fresh JVM, start not timed)", f2(oursSingle.seconds()),
                mib(oursSingle.peakRssKiB()),
                f2((double) oursSingle.peakRssKiB() / vipsSingle.peakRssKiB()));
        single.row(vipsSingle.engine(), f2(vipsSingle.seconds()), mib(vipsSingle.peakRssKiB()), "");
        Table perImage = new Table("image", "ours ms", "libvips ms (4 processes)", "ours / libvips time");
        Run ours1 = runs.stream().filter(r -> !r.engine().startsWith("libvips")).findFirst().orElseThrow();
        Run vips1 = runs.stream().filter(r -> r.engine().contains("per image")).findFirst().orElseThrow();
        ours1.millisPerImage().forEach((image, ms) -> {
            Double v = vips1.millisPerImage().get(image);
            perImage.row(image, f0(ms), v == null ? "" : f0(v), v == null ? "" : f2(ms / v));
        });
        Table all = new Table("image", "variant", "ours", "libvips", "SSIM", "PSNR dB");
        quality.forEach(q -> all.row(q.image(), q.variant(), q.ours(), q.vips() + (q.resampled() ? " (resampled)" : ""),
                f4(q.ssim()), f1(q.psnr())));
        Table summary = new Table("variant", "outputs", "min SSIM", "mean SSIM", "min PSNR dB", "SSIM >= 0.98");
        for (Object[] v : ServiceRenderer.DEFAULT_VARIANTS) {
            List<Quality> of = quality.stream().filter(q -> q.variant().equals(v[0])).toList();
            double min = of.stream().mapToDouble(Quality::ssim).min().orElse(Double.NaN);
            summary.row(v[0], of.size(), f4(min), f4(of.stream().mapToDouble(Quality::ssim).average().orElse(Double.NaN)),
                    f1(of.stream().mapToDouble(Quality::psnr).min().orElse(Double.NaN)), min >= 0.98 ? "yes" : "no");
        }
        double overallMin = quality.stream().mapToDouble(Quality::ssim).min().orElse(Double.NaN);
        summary.row("all", quality.size(), f4(overallMin), f4(quality.stream().mapToDouble(Quality::ssim).average()
                .orElse(Double.NaN)), f1(quality.stream().mapToDouble(Quality::psnr).min().orElse(Double.NaN)),
                overallMin >= 0.98 ? "yes" : "no");
        Table serviceTable = new Table("uploads at once", "images (<= 20 MiB)", "seconds", "images/s");
        service.forEach(s -> serviceTable.row(s.concurrency(), s.images(), f2(s.seconds()), f2(s.imagesPerSecond())));
        return new Tables(throughput, single, perImage, all, summary, serviceTable);
    }

    private static String ratio(Run ours, List<Run> runs, String vipsMode) {
        return runs.stream().filter(r -> r.engine().contains(vipsMode) && r.concurrency() == ours.concurrency())
                .findFirst().map(v -> f2(ours.imagesPerSecond() / v.imagesPerSecond())).orElse("");
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": " + out);
        }
        return out;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String mib(long kib) {
        return kib < 0 ? "-" : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
