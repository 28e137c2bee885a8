package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * An open-loop run of orders at a constant rate over a few SKUs with limited stock, and the checks of the purchase
 * invariants once it has settled: every order terminal, no oversell, a capture for every confirmation and a void or
 * decline for every rejection, at the provider at most one authorization per order (captured iff the order is
 * confirmed, voided or declined otherwise), exactly one email per order.
 */
final class PurchaseRun {

    record Placed(String id, String customer, String sku, int quantity, String token) {
    }

    /** {@code settledAt}: when every payment, stock level and e-mail was seen to agree with the decisions. */
    record Summary(int accepted, int confirmed, Map<String, Long> rejectedByReason, Instant settledAt) {
    }

    /** The realm's demo customers take turns, so a run's orders belong to more than one customer. */
    private static final List<String> CUSTOMERS = List.of("ada", "grace");

    private final Shop shop;
    private final String name;
    private final List<String> skus = new ArrayList<>();
    private final Map<String, Integer> stock = new HashMap<>();
    private final List<Placed> placed = Collections.synchronizedList(new ArrayList<>());
    private final Random random;
    private final int mailsBefore;
    /** Numbers the orders of every burst of this run, so each has an Idempotency-Key of its own. */
    private final AtomicInteger sequence = new AtomicInteger();

    PurchaseRun(Shop shop, String name, int skuCount, int stockPerSku) {
        this.shop = shop;
        this.name = name;
        this.mailsBefore = shop.mails().size();
        this.random = new Random(name.hashCode());
        for (int i = 0; i < skuCount; i++) {
            String sku = "SYS-" + name.toUpperCase() + "-" + i;
            shop.putProduct(sku, 1000 + i * 100, stockPerSku);
            skus.add(sku);
            stock.put(sku, stockPerSku);
        }
    }

    /**
     * Places {@code count} more orders at {@code perSecond}, each client retrying with its key for up to a minute. A
     * run may place several bursts, one after the other; the invariants cover all of them.
     */
    CompletableFuture<Void> start(int count, int perSecond) {
        return start(count, perSecond, Duration.ofMinutes(1));
    }

    /** As {@link #start(int, int)}, each client retrying with its key for up to {@code patience}. */
    CompletableFuture<Void> start(int count, int perSecond, Duration patience) {
        return start(count, perSecond, patience, new CompletableFuture<>()).thenApply(scheduled -> null);
    }

    /**
     * Places orders at {@code perSecond} until {@code stop} completes (or {@code atMost} have been placed), so a load
     * lasts as long as what runs under it, however slow the machine. Completes with the number of orders sent once
     * each of them has been answered.
     */
    CompletableFuture<Integer> startUntil(CompletableFuture<?> stop, int atMost, int perSecond) {
        return start(atMost, perSecond, Duration.ofMinutes(1), stop);
    }

    private CompletableFuture<Integer> start(int count, int perSecond, Duration patience, CompletableFuture<?> stop) {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<CompletableFuture<Void>> orders = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> allScheduled = new CompletableFuture<>();
        long periodMicros = 1_000_000L / perSecond;
        int[] scheduled = {0};
        clock.scheduleAtFixedRate(() -> {
            if (scheduled[0] >= count || stop.isDone()) {
                allScheduled.complete(scheduled[0]);
                return;
            }
            scheduled[0]++;
            int n = sequence.getAndIncrement();
            String sku = skus.get(random.nextInt(skus.size()));
            int quantity = 1 + random.nextInt(2);
            int dice = random.nextInt(100);
            String token = dice < 10 ? "tok_chargeDeclined" : dice < 30 ? "tok_mastercard" : "tok_visa";
            String customer = CUSTOMERS.get(n % CUSTOMERS.size());
            orders.add(CompletableFuture.runAsync(() -> shop.placeOrder(name + "-" + n, customer, sku, quantity, token,
                    patience).ifPresent(id -> placed.add(new Placed(id, customer, sku, quantity, token))),
                    clients));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        return allScheduled.thenCompose(placedCount -> {
            clock.shutdownNow();
            return CompletableFuture.allOf(orders.toArray(CompletableFuture[]::new)).thenApply(done -> placedCount);
        }).whenComplete((done, failure) -> clients.shutdown());
    }

    List<Placed> placed() {
        return List.copyOf(placed);
    }

    /** Waits for the run to settle, then asserts every purchase invariant over the accepted orders. */
    Summary assertInvariants(Duration terminalWithin) {
        return assertInvariants(terminalWithin, Duration.ofSeconds(120));
    }

    /**
     * As {@link #assertInvariants(Duration)}: every order terminal within {@code terminalWithin}, and payments, stock
     * and emails settled within {@code settledWithin} of this call, the wait for terminal orders included.
     */
    Summary assertInvariants(Duration terminalWithin, Duration settledWithin) {
        long started = System.nanoTime();
        List<Placed> orders = placed();
        Awaitility.await("every order terminal").atMost(terminalWithin).pollInterval(Duration.ofMillis(500))
                .until(() -> orders.stream().noneMatch(o -> "PENDING".equals(shop.order(o.id()).get("status").asText())));
        Map<String, JsonNode> finals = new HashMap<>();
        orders.forEach(o -> finals.put(o.id(), shop.order(o.id())));

        Duration settleLeft = settledWithin.minusNanos(System.nanoTime() - started);
        if (settleLeft.compareTo(Duration.ofSeconds(2)) < 0) {
            assertThat(settled(orders, finals)).as("payments, stock and emails settled within %s", settledWithin).isTrue();
        } else {
            Awaitility.await("payments, stock and emails settled").atMost(settleLeft)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> settled(orders, finals));
        }
        Instant settledAt = Instant.now();

        Map<String, Integer> confirmedQuantity = new HashMap<>();
        int confirmed = 0;
        for (Placed order : orders) {
            JsonNode view = finals.get(order.id());
            String status = view.get("status").asText();
            String payment = shop.payment(order.id()).map(p -> p.get("status").asText()).orElse("NONE");
            if (status.equals("CONFIRMED")) {
                confirmed++;
                confirmedQuantity.merge(order.sku(), order.quantity(), Integer::sum);
                assertThat(payment).as("payment of confirmed order %s", order.id()).isEqualTo("CAPTURED");
                assertThat(order.token()).as("a declining token never confirms").isNotEqualTo("tok_chargeDeclined");
            } else {
                assertThat(status).isEqualTo("REJECTED");
                assertThat(payment).as("payment of rejected order %s", order.id()).isIn("DECLINED", "VOIDED");
            }
            JsonNode notifications = shop.notifications(order.id());
            assertThat(notifications).as("notifications of %s", order.id()).hasSize(1);
            assertThat(notifications.get(0).get("status").asText()).isEqualTo("SENT");
        }
        assertProviderLedger(orders, finals);
        for (String sku : skus) {
            JsonNode product = shop.product(sku);
            int sold = confirmedQuantity.getOrDefault(sku, 0);
            assertThat(sold).as("confirmed quantity of %s never exceeds its stock", sku).isLessThanOrEqualTo(stock.get(sku));
            assertThat(product.get("onHand").asInt()).as("on hand of %s", sku).isEqualTo(stock.get(sku) - sold);
            assertThat(product.get("reserved").asInt()).as("reserved of %s", sku).isZero();
        }
        Map<String, Long> mailsPerOrder = shop.mailsPerOrderRef();
        for (Placed order : orders) {
            assertThat(mailsPerOrder.getOrDefault(Shop.orderRef(order.id()), 0L)).as("emails about %s", order.id())
                    .isEqualTo(1L);
            assertThat(notificationsTo(order)).as("recipient of %s", order.id())
                    .isEqualTo(order.customer() + "@example.com");
        }
        // No e-mail about anything else either, such as a second order made by a retried request.
        assertThat(shop.mails().size() - mailsBefore).as("e-mails sent during the run").isEqualTo(orders.size());
        Map<String, Long> rejected = finals.values().stream()
                .filter(v -> v.get("status").asText().equals("REJECTED"))
                .collect(Collectors.groupingBy(v -> v.get("rejectionReason").asText(), Collectors.counting()));
        return new Summary(orders.size(), confirmed, rejected, settledAt);
    }

    private String notificationsTo(Placed order) {
        return shop.notifications(order.id()).get(0).get("to").asText();
    }

    /** What the provider itself holds, whatever payment-service retried: one authorization at most, settled to match. */
    private void assertProviderLedger(List<Placed> orders, Map<String, JsonNode> finals) {
        Map<String, List<JsonNode>> ledger = shop.ledger();
        for (Placed order : orders) {
            List<JsonNode> held = ledger.getOrDefault(order.id(), List.of());
            String decided = finals.get(order.id()).get("status").asText();
            assertThat(held).as("authorizations at the provider for order %s", order.id()).hasSizeLessThanOrEqualTo(1);
            if (decided.equals("CONFIRMED")) {
                assertThat(held).as("authorization of confirmed order %s", order.id()).hasSize(1);
                assertThat(held.get(0).get("status").asText()).as("provider status of confirmed order %s", order.id())
                        .isEqualTo("captured");
                assertThat(held.get(0).get("captures")).as("captures of %s", order.id()).hasSize(1);
            } else if (!held.isEmpty()) {
                assertThat(held.get(0).get("status").asText()).as("provider status of rejected order %s", order.id())
                        .isIn("voided", "declined");
                assertThat(held.get(0).get("captures")).as("captures of rejected order %s", order.id()).isEmpty();
            }
        }
    }

    private boolean settled(List<Placed> orders, Map<String, JsonNode> finals) {
        for (Placed order : orders) {
            String status = finals.get(order.id()).get("status").asText();
            Optional<String> payment = shop.payment(order.id()).map(p -> p.get("status").asText());
            boolean paymentSettled = payment.isPresent() && (status.equals("CONFIRMED")
                    ? payment.get().equals("CAPTURED") : payment.get().equals("DECLINED") || payment.get().equals("VOIDED"));
            if (!paymentSettled || shop.notifications(order.id()).isEmpty()) {
                return false;
            }
        }
        return skus.stream().allMatch(sku -> shop.product(sku).get("reserved").asInt() == 0);
    }

}
