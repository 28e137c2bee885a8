package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of each saga service ({@code ./processflow up --replicas 2}) under a steady load: one instance of each
 * service is killed in turn (SIGKILL, as a crash) while orders keep coming, and every purchase invariant holds over
 * the whole run. Each kill's time to rebalance (the dead instance's consumers gone from every group of its service,
 * the groups stable again) and to resume (every record that was on the service's topics at the kill consumed and
 * committed) is measured and reported; the killed instance is started again before the next kill.
 * <p>
 * Runs in a test JVM of its own (the {@code replicas} execution of this module), whose stack runs two replicas.
 */
@ExtendWith(RunningStack.class)
@EnabledIfSystemProperty(named = "processflow.system.replicas", matches = "[2-4]")
class ReplicaSystemTest {

    private static final int RATE = 10;
    /** The load runs on for this long after the last restart, so the restarted instance takes work under it. */
    private static final Duration LOAD_AFTER_KILLS = Duration.ofSeconds(20);
    /** Bounds the load should a step hang past its own limits: four steps of at most three limits each, and more. */
    private static final Duration LOAD_AT_MOST = Duration.ofMinutes(30);
    private static final Duration STEP_WITHIN = Duration.ofMinutes(2);
    private static final Duration TERMINAL_WITHIN = RunningStack.SAGA_TIMEOUT.plusSeconds(60);

    /** One instance of each saga service, the first and second alternately, so both roles get killed. */
    private static final List<String> KILLED = List.of("order-service-1", "payment-service-2",
            "inventory-service-1", "notification-service-2");

    record Step(String instance, Duration rebalanced, Duration resumed, Duration restarted) {
    }

    @Test
    void killingOneInstanceOfEachSagaServiceInTurnUnderLoadLosesNothing(RunningStack.Handle stack) throws Exception {
        StackLayout layout = stack.stack().layout();
        assertThat(layout.replicas()).as("this class runs in the replicas execution, on a stack with 2 replicas")
                .isEqualTo(2);
        PurchaseRun warmUp = new PurchaseRun(stack.shop(), "replica-warmup", 2, 1000);
        warmUp.start(100, RATE).join();
        warmUp.assertInvariants(TERMINAL_WITHIN);

        PurchaseRun run = new PurchaseRun(stack.shop(), "replicas", 10, 300);
        CompletableFuture<Void> killsDone = new CompletableFuture<>();
        CompletableFuture<Integer> load = run.startUntil(killsDone, (int) (LOAD_AT_MOST.toSeconds() * RATE), RATE);
        List<Step> steps = new ArrayList<>();
        try (Admin admin = Admin.create(stack.kafkaClient(KafkaCredentials.ADMIN))) {
            Shop.sleep(Duration.ofSeconds(10));
            for (String instance : KILLED) {
                assertThat(load).as("the load still runs when %s is killed", instance).isNotDone();
                steps.add(killAndMeasure(stack, admin, instance));
            }
            Shop.sleep(LOAD_AFTER_KILLS);
        } finally {
            killsDone.complete(null);
        }
        int sent = load.join();
        PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN, Duration.ofMinutes(3));
        report(stack.dataDir(), summary, steps);
        assertThat(summary.accepted()).as("orders accepted of the %d sent", sent).isEqualTo(sent);
        assertThat(summary.confirmed()).isPositive();
    }

    private static Step killAndMeasure(RunningStack.Handle stack, Admin admin, String instance) throws Exception {
        String service = stack.stack().layout().instance(instance).service();
        Set<String> groups = groupsOf(admin, service);
        assertThat(groups).as("consumer groups of %s", service).isNotEmpty();
        Map<String, Integer> membersBefore = members(admin, groups);
        Instant killed = Instant.now();
        stack.stack().kill(instance);
        Map<String, Map<TopicPartition, Long>> endsAtKill = endOffsets(admin, groups);

        Awaitility.await(instance + "'s consumers gone and its groups stable").atMost(STEP_WITHIN)
                .pollInterval(Duration.ofMillis(250)).until(() -> rebalancedWithout(admin, membersBefore));
        Duration rebalanced = Duration.between(killed, Instant.now());
        Awaitility.await(service + " caught up with what was waiting at the kill").atMost(STEP_WITHIN)
                .pollInterval(Duration.ofMillis(250)).until(() -> caughtUp(admin, endsAtKill));
        Duration resumed = Duration.between(killed, Instant.now());

        Instant restarting = Instant.now();
        stack.stack().restart(instance);
        Awaitility.await(instance + " back in its groups").atMost(STEP_WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> members(admin, groups).equals(membersBefore) && stable(admin, groups));
        Step step = new Step(instance, rebalanced, resumed, Duration.between(restarting, Instant.now()));
        System.out.printf(
                "system-tests: replicas: killed %s: rebalanced in %.1f s, resumed in %.1f s, back in %.1f s%n",
                instance, seconds(step.rebalanced()), seconds(step.resumed()), seconds(step.restarted()));
        return step;
    }

    /** The consumer groups a service's instances share: each named after the service. */
    private static Set<String> groupsOf(Admin admin, String service) throws Exception {
        return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId)
                .filter(id -> id.equals(service) || id.startsWith(service + "-"))
                .collect(Collectors.toSet());
    }

    private static Map<String, Integer> members(Admin admin, Set<String> groups) throws Exception {
        return describe(admin, groups).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().members().size()));
    }

    private static Map<String, ConsumerGroupDescription> describe(Admin admin, Set<String> groups) throws Exception {
        return admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
    }

    private static boolean stable(Admin admin, Set<String> groups) throws Exception {
        return describe(admin, groups).values().stream().allMatch(d -> d.groupState() == GroupState.STABLE);
    }

    /** Both instances run the same consumers, so the dead one's leaving halves each group. */
    private static boolean rebalancedWithout(Admin admin, Map<String, Integer> membersBefore) throws Exception {
        Map<String, ConsumerGroupDescription> now = describe(admin, membersBefore.keySet());
        return now.entrySet().stream().allMatch(e -> e.getValue().groupState() == GroupState.STABLE
                && e.getValue().members().size() == membersBefore.get(e.getKey()) / 2);
    }

    private static Map<String, Map<TopicPartition, Long>> endOffsets(Admin admin, Set<String> groups) throws Exception {
        Map<String, Map<TopicPartition, Long>> ends = new HashMap<>();
        for (String group : groups) {
            Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).keySet();
            Map<TopicPartition, Long> groupEnds = new HashMap<>();
            admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> groupEnds.put(tp, info.offset()));
            ends.put(group, groupEnds);
        }
        return ends;
    }

    private static boolean caughtUp(Admin admin, Map<String, Map<TopicPartition, Long>> endsAtKill) throws Exception {
        for (Map.Entry<String, Map<TopicPartition, Long>> group : endsAtKill.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : group.getValue().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (at == null || at.offset() < end.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void report(Path dataDir, PurchaseRun.Summary summary, List<Step> steps) throws Exception {
        System.out.printf("system-tests: replicas: %d accepted, %d confirmed, rejected %s%n", summary.accepted(),
                summary.confirmed(), summary.rejectedByReason());
        StringBuilder json = new StringBuilder("{\"rate\": " + RATE + ", \"accepted\": " + summary.accepted()
                + ", \"confirmed\": " + summary.confirmed() + ", \"kills\": [");
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"instance\": \"%s\", \"rebalancedSeconds\": %.1f, \"resumedSeconds\": %.1f, "
                            + "\"backSeconds\": %.1f}",
                    step.instance(), seconds(step.rebalanced()), seconds(step.resumed()), seconds(step.restarted())));
        }
        Files.writeString(dataDir.resolveSibling("replica-kills.json"), json.append("]}\n").toString());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
