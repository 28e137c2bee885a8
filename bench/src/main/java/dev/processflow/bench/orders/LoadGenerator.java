package dev.processflow.bench.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.bench.Http;
import dev.processflow.bench.report.Json;
import dev.processflow.stack.RealmTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: orders are due at a constant rate whatever the system does, and each order's latency starts at the
 * moment it was due, not when a worker got round to sending it. A slow system therefore shows as queueing in front of
 * the workers and as latency, never as a lower arrival rate (no coordinated omission). Each order has a unique
 * Idempotency-Key.
 */
public final class LoadGenerator implements AutoCloseable {

    /** One sample of the queues, for the backlog test and the chart. */
    public record Sample(long nanos, int waiting, int inFlight, long outstanding) {
    }

    /** What one phase offered: its name, rate, and the monotonic clock at its first and past its last due time. */
    public record Phase(String name, double rate, long startNanos, long endNanos, long scheduled) {
        public double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** {@code spec} null: the mix's order for {@code seq}. */
    private record Job(long seq, long dueNanos, String phase, OrderSpec spec) {
    }

    private final Http http;
    private final String ordersUrl;
    private final OrderMix mix;
    private final OrderTracker tracker;
    private final String runId;
    private final Map<String, RealmTokens.Session> customers = new ConcurrentHashMap<>();
    private final RealmTokens tokens;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final List<Thread> workers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** Orders are placed by the demo customers each spec names, signed in through {@code tokens}. */
    public LoadGenerator(Http http, String orderServiceUrl, OrderMix mix, OrderTracker tracker, int concurrency,
            String runId, RealmTokens tokens) {
        this.http = http;
        this.tokens = tokens;
        this.ordersUrl = orderServiceUrl + "/orders";
        this.mix = mix;
        this.tracker = tracker;
        this.runId = runId;
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(this::work, "bench-order-worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        sampler = new Thread(this::sample, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Offers orders at {@code rate} per second for {@code duration}; returns when the last one is due. */
    public Phase run(String name, double rate, Duration duration) {
        long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        long start = System.nanoTime() + 1_000_000;
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(new Job(nextSeq.getAndIncrement(), due, name, null));
        }
        return new Phase(name, rate, start, start + (long) (count * 1e9 / rate), count);
    }

    /** The next sequence number, for an order built outside the mix. */
    public long nextSeq() {
        return nextSeq.getAndIncrement();
    }

    /** Sends one order now from the calling thread, outside any phase's clock; answers the HTTP status (-1: no answer). */
    public int sendNow(String phase, OrderSpec spec) {
        return send(new Job(spec.seq(), System.nanoTime(), phase, spec));
    }

    private void work() {
        while (running) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            inFlight.incrementAndGet();
            try {
                send(job);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private int send(Job job) {
        OrderSpec spec = job.spec() != null ? job.spec() : mix.order(job.seq());
        try {
            String body = Json.MAPPER.writeValueAsString(Map.of(
                    "items", spec.items().stream().map(l -> Map.of("sku", l.sku(), "quantity", l.quantity())).toList(),
                    "paymentToken", spec.paymentToken()));
            long sent = System.nanoTime();
            String accessToken = customers.computeIfAbsent(spec.customer(), tokens::session).accessToken();
            HttpResponse<String> response = http.postJson(ordersUrl, body, runId + "-" + spec.seq(), accessToken);
            long answered = System.nanoTime();
            if (response.statusCode() == 202) {
                JsonNode order = Json.MAPPER.readTree(response.body());
                tracker.accepted(order.path("id").asText(), spec, job.phase(), job.dueNanos(), sent, answered);
            } else {
                tracker.failed(job.phase(), "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
            }
            return response.statusCode();
        } catch (IOException e) {
            tracker.failed(job.phase(), e.getClass().getSimpleName());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }

    private void sample() {
        while (running) {
            Sample sample = new Sample(System.nanoTime(), queue.size(), inFlight.get(), tracker.outstanding());
            synchronized (samples) {
                samples.add(sample);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Orders due but not yet answered by order-service: waiting for a worker, or being sent. */
    public int unsent() {
        return queue.size() + inFlight.get();
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Waits until every due order was answered and every accepted one reached its outcome; false on timeout. */
    public boolean awaitOutcomes(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsent() > 0 || tracker.outstanding() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Waits until captures, voids and emails caught up with the outcomes too; false on timeout. */
    public boolean awaitFollowUps(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracker.pendingFollowUps() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        sampler.interrupt();
    }
}
