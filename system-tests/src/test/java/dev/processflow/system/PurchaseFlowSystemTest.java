package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.stack.KafkaCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The purchase invariants across real processes: happy path, declines, load, crashes, a service down past the saga
 * timeout, replay. Outages of the broker, the payment provider and the mail server: {@link LongOutageSystemTest}.
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PurchaseFlowSystemTest {

    private static final Duration TERMINAL_WITHIN = RunningStack.SAGA_TIMEOUT.plusSeconds(60);

    /** Orders per second: what this 2-core machine sustains with every part of the suite on it (docs/benchmarks.md). */
    private static final int RATE = 20;

    @Test
    @Order(1)
    void everyTokenAndStockOutcomeEndsAsTheContractSays(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        shop.putProduct("SYS-BASIC", 1250, 20);
        Map<String, String> expectedDecline = Map.of(
                "tok_chargeDeclined", "card_declined",
                "tok_chargeDeclinedInsufficientFunds", "insufficient_funds",
                "tok_chargeDeclinedExpiredCard", "expired_card",
                "tok_chargeDeclinedProcessingError", "processing_error",
                "tok_unknown", "invalid_token");
        int mailsBefore = shop.mails().size();
        Map<String, String> orders = new HashMap<>();
        for (String token : expectedDecline.keySet()) {
            orders.put(token, place(shop, "basic-" + token, "SYS-BASIC", 1, token));
        }
        String confirmed = place(shop, "basic-visa", "SYS-BASIC", 2, "tok_visa");
        String again = place(shop, "basic-visa", "SYS-BASIC", 2, "tok_visa");
        assertThat(again).as("same Idempotency-Key and body return the same order").isEqualTo(confirmed);
        String outOfStock = place(shop, "basic-too-many", "SYS-BASIC", 21, "tok_mastercard");

        awaitStatus(shop, confirmed, "CONFIRMED");
        assertThat(shop.order(confirmed).get("total").get("amount").asLong()).isEqualTo(2500);
        awaitStatus(shop, outOfStock, "REJECTED");
        assertThat(shop.order(outOfStock).get("rejectionReason").asText()).isEqualTo("OUT_OF_STOCK");
        expectedDecline.forEach((token, code) -> {
            awaitStatus(shop, orders.get(token), "REJECTED");
            JsonNode order = shop.order(orders.get(token));
            assertThat(order.get("rejectionReason").asText()).as(token).isEqualTo("PAYMENT_DECLINED");
            assertThat(shop.payment(orders.get(token)).orElseThrow().get("declineCode").asText()).as(token).isEqualTo(code);
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(shop.payment(confirmed).orElseThrow().get("status").asText()).isEqualTo("CAPTURED");
            assertThat(shop.payment(outOfStock).orElseThrow().get("status").asText()).isEqualTo("VOIDED");
            assertThat(shop.product("SYS-BASIC").get("onHand").asInt()).isEqualTo(18);
            assertThat(shop.product("SYS-BASIC").get("reserved").asInt()).isZero();
            Map<String, Long> mails = shop.mailsPerOrderRef();
            for (String id : orders.values()) {
                assertThat(mails.get(Shop.orderRef(id))).as("e-mails about %s", id).isEqualTo(1L);
            }
            assertThat(mails.get(Shop.orderRef(confirmed))).isEqualTo(1L);
            assertThat(mails.get(Shop.orderRef(outOfStock))).isEqualTo(1L);
            assertThat(shop.mails().size() - mailsBefore).isEqualTo(expectedDecline.size() + 2);
        });
        Map<String, List<JsonNode>> ledger = shop.ledger();
        assertThat(ledger.get(confirmed)).singleElement().satisfies(held -> {
            assertThat(held.get("status").asText()).isEqualTo("captured");
            assertThat(held.at("/card/brand").asText()).isEqualTo("visa");
        });
        assertThat(ledger.get(outOfStock)).singleElement()
                .satisfies(held -> assertThat(held.get("status").asText()).isEqualTo("voided"));
        assertThat(ledger.get(orders.get("tok_chargeDeclinedProcessingError"))).as("a processing error holds nothing").isNull();
        assertThat(ledger.get(orders.get("tok_chargeDeclined"))).singleElement()
                .satisfies(held -> assertThat(held.get("declineCode").asText()).isEqualTo("card_declined"));
        List<String> timeline = new ArrayList<>();
        shop.order(confirmed).get("timeline").forEach(step -> timeline.add(step.get("type").asText()));
        assertThat(timeline).startsWith("processflow.order.placed").contains("processflow.payment.authorized",
                "processflow.inventory.reserved", "processflow.order.confirmed");
    }

    @Test
    @Order(2)
    void steadyLoadKeepsEveryInvariant(RunningStack.Handle stack) {
        PurchaseRun warmUp = new PurchaseRun(stack.shop(), "warmup", 2, 1000);
        warmUp.start(200, 10).join();
        warmUp.assertInvariants(TERMINAL_WITHIN);
        PurchaseRun run = new PurchaseRun(stack.shop(), "load", 10, 40);
        run.start(500, RATE).join();
        PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN);
        report("load", summary);
        assertThat(summary.accepted()).isEqualTo(500);
        assertThat(summary.confirmed()).isPositive();
        assertThat(summary.rejectedByReason()).containsKeys("PAYMENT_DECLINED", "OUT_OF_STOCK");
    }

    @Test
    @Order(3)
    void paymentServiceCrashLosesNothing(RunningStack.Handle stack) {
        faultRun(stack, "payment-crash", () -> {
            stack.stack().kill("payment-service");
            stack.stack().restart("payment-service");
        });
    }

    @Test
    @Order(4)
    void inventoryServiceCrashLosesNothing(RunningStack.Handle stack) {
        faultRun(stack, "inventory-crash", () -> {
            stack.stack().kill("inventory-service");
            stack.stack().restart("inventory-service");
        });
    }

    @Test
    @Order(5)
    void orderServiceDownPastTheSagaTimeoutLosesNothing(RunningStack.Handle stack) {
        faultRun(stack, "order-down", () -> {
            stack.stack().stop("order-service");
            Shop.sleep(RunningStack.SAGA_TIMEOUT.plusSeconds(3));
            stack.stack().restart("order-service");
        });
    }

    @Test
    @Order(6)
    void replayingEveryTopicFromTheStartChangesNothing(RunningStack.Handle stack) throws Exception {
        Shop shop = stack.shop();
        Snapshot before = Snapshot.take(shop);
        for (String service : RunningStack.services()) {
            stack.stack().stop(service);
        }
        // Moving every group's offsets is operator work: the super user's, no service may touch another's group.
        try (Admin admin = Admin.create(stack.kafkaClient(KafkaCredentials.ADMIN))) {
            Set<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
            assertThat(groups).isNotEmpty();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> earliest = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()));
                Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
                admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                        .forEach((tp, info) -> reset.put(tp, new OffsetAndMetadata(info.offset())));
                admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS);
            }
            for (String service : RunningStack.services()) {
                stack.stack().restart(service);
            }
            Awaitility.await("every group caught up again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> lag(admin, groups) == 0);
        }
        Shop.sleep(Duration.ofSeconds(3));
        Snapshot after = Snapshot.take(shop);
        assertThat(after.orders()).isEqualTo(before.orders());
        assertThat(after.products()).isEqualTo(before.products());
        assertThat(after.mails()).isEqualTo(before.mails());
        assertThat(after.authorizations()).isEqualTo(before.authorizations());
    }

    private static long lag(Admin admin, Set<String> groups) throws Exception {
        long lag = 0;
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (var entry : committed.entrySet()) {
                lag += ends.get(entry.getKey()).offset() - (entry.getValue() == null ? 0 : entry.getValue().offset());
            }
        }
        return lag;
    }

    private static void faultRun(RunningStack.Handle stack, String name, Runnable fault) {
        PurchaseRun run = new PurchaseRun(stack.shop(), name, 10, 25);
        CompletableFuture<Void> load = run.start(300, RATE);
        Shop.sleep(Duration.ofSeconds(4));
        fault.run();
        load.join();
        PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN);
        report(name, summary);
        assertThat(summary.accepted()).isEqualTo(300);
    }

    private static void report(String name, PurchaseRun.Summary summary) {
        System.out.printf("system-tests: %s: %d accepted, %d confirmed, rejected %s%n", name, summary.accepted(),
                summary.confirmed(), summary.rejectedByReason());
    }

    private static String place(Shop shop, String key, String sku, int quantity, String token) {
        return shop.placeOrder(key, "ada", sku, quantity, token, Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("order " + key + " was not accepted"));
    }

    private static void awaitStatus(Shop shop, String id, String status) {
        Awaitility.await().atMost(TERMINAL_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> shop.order(id).get("status").asText(), status::equals);
    }

    /** What replay must not change: every order's status, every product's stock, every email, every authorization. */
    record Snapshot(Map<String, String> orders, Map<String, String> products, List<String> mails,
            Map<String, String> authorizations) {
        static Snapshot take(Shop shop) {
            Map<String, String> orders = new HashMap<>();
            Map<String, String> products = new HashMap<>();
            try {
                for (int offset = 0; ; offset += 100) {
                    JsonNode page = shop.getOk(shop.orderServiceUrl() + "/orders?limit=100&offset=" + offset);
                    page.forEach(o -> orders.put(o.get("id").asText(), o.get("status").asText() + "/"
                            + o.get("timeline").size()));
                    if (page.size() < 100) {
                        break;
                    }
                }
                shop.http().get(shop.inventoryServiceUrl() + "/products").body()
                        .forEach(p -> products.put(p.get("sku").asText(), p.get("onHand").asText() + "/" + p.get("reserved").asText()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<String> mails = shop.mails().stream().map(m -> m.get("to").asText() + "|" + m.get("subject").asText()).sorted().toList();
            Map<String, String> authorizations = new HashMap<>();
            shop.ledger().forEach((order, held) -> authorizations.put(order, held.stream()
                    .map(a -> a.get("id").asText() + "/" + a.get("status").asText() + "/" + a.get("captures").size()
                            + "/" + a.get("voids").size())
                    .collect(Collectors.joining(","))));
            return new Snapshot(orders, products, mails, authorizations);
        }
    }
}
