package dev.processflow.console.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.console.feed.EventFeed;
import dev.processflow.console.upstream.Service;
import dev.processflow.console.upstream.Upstream;
import dev.processflow.console.upstream.Upstream.Call;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which services are up: each service's readiness ({@code /q/health/ready}) checked by the console on a schedule while
 * at least one operator watches, so however many watch, each service is asked once per interval, and while nobody
 * does, nothing is asked (under Knative a question would wake a service that scaled to zero). A change is pushed to
 * every watcher.
 */
@ApplicationScoped
public class ServiceHealth {

    /** One service's readiness as last seen; {@code checks} is its health document, as it answered. */
    public record Status(String service, boolean up, int httpStatus, JsonNode checks, Instant checkedAt) {
    }

    /** Every service, plus whether the console itself reads the broker. */
    public record Snapshot(List<Status> services, int feedPartitions, Instant checkedAt) {
    }

    private final Upstream upstream;
    private final EventFeed feed;
    private final BroadcastProcessor<Snapshot> changes = BroadcastProcessor.create();
    private final AtomicInteger watchers = new AtomicInteger();
    private volatile Snapshot current = new Snapshot(List.of(), 0, null);

    public ServiceHealth(Upstream upstream, EventFeed feed) {
        this.upstream = upstream;
        this.feed = feed;
    }

    /** The services as last checked, and the partitions the event feed reads right now. */
    public Snapshot current() {
        Snapshot last = current;
        return new Snapshot(last.services(), feed.assigned().size(), last.checkedAt());
    }

    /** Each snapshot that differs from the one before, from now on; the first comes as soon as the check answers. */
    public Multi<Snapshot> changes() {
        return changes.onOverflow().drop()
                .onSubscription().invoke(() -> {
                    watchers.incrementAndGet();
                    checkAll().subscribe().with(done -> changes.onNext(current()));
                })
                .onTermination().invoke(watchers::decrementAndGet);
    }

    @Scheduled(every = "${processflow.console.health-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return watchers.get() == 0 ? Uni.createFrom().voidItem() : checkAll();
    }

    private Uni<Void> checkAll() {
        List<Uni<Status>> checks = Arrays.stream(Service.values()).map(this::check).toList();
        return Uni.join().all(checks).andFailFast().map(statuses -> {
            Snapshot next = new Snapshot(statuses, feed.assigned().size(), Instant.now());
            Snapshot before = current;
            current = next;
            if (changed(before, next)) {
                changes.onNext(next);
            }
            return null;
        });
    }

    private Uni<Status> check(Service service) {
        return upstream.call(Call.get(service, "/q/health/ready", Optional.empty()))
                .map(reply -> new Status(service.serviceName(), reply.status() == 200, reply.status(), upstream.jsonOrNull(reply),
                        Instant.now()));
    }

    private static boolean changed(Snapshot before, Snapshot next) {
        if (before.services().size() != next.services().size() || before.feedPartitions() != next.feedPartitions()) {
            return true;
        }
        for (int i = 0; i < next.services().size(); i++) {
            if (before.services().get(i).up() != next.services().get(i).up()) {
                return true;
            }
        }
        return false;
    }
}
