package dev.processflow.bench.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.bench.orders.OrderSpec.Expectation;
import dev.processflow.bench.orders.OrderSpec.Line;
import dev.processflow.events.EventType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsTest {

    private final BenchCatalog catalog = BenchCatalog.forRun("RUN1", 2, 100, 3);
    private final OrderTracker tracker = new OrderTracker();
    private int events;

    private OrderSpec order(long seq, String sku, int quantity, Expectation expectation) {
        return new OrderSpec(seq, "ada", List.of(new Line(sku, quantity)), "tok_visa", expectation);
    }

    private void accept(String id, OrderSpec spec) {
        tracker.accepted(id, spec, "step-1", 1, 2, 3);
    }

    private void event(String id, EventType type, String reason) {
        tracker.event(id, type, "event-" + ++events, 10 + events, reason);
    }

    private void confirmFully(String id) {
        event(id, EventType.PAYMENT_AUTHORIZED, null);
        event(id, EventType.ORDER_CONFIRMED, null);
        event(id, EventType.PAYMENT_CAPTURED, null);
        event(id, EventType.NOTIFICATION_SENT, null);
    }

    private Map<String, int[]> stock(int stocked0, int stocked1, int scarce) {
        Map<String, int[]> stock = new HashMap<>();
        stock.put(catalog.stocked().get(0), new int[] {stocked0, 0});
        stock.put(catalog.stocked().get(1), new int[] {stocked1, 0});
        stock.put(catalog.soldOut(), new int[] {0, 0});
        stock.put(catalog.scarce(), new int[] {scarce, 0});
        return stock;
    }

    private Map<String, Integer> oneEmailEach(String... orderIds) {
        Map<String, Integer> emails = new HashMap<>();
        for (String id : orderIds) {
            emails.put(Invariants.orderRef(id), 1);
        }
        return emails;
    }

    @Test
    void aCleanRunPasses() {
        accept("a", order(1, catalog.stocked().get(0), 2, Expectation.CONFIRMED));
        confirmFully("a");
        accept("b", order(2, catalog.soldOut(), 1, Expectation.OUT_OF_STOCK));
        event("b", EventType.PAYMENT_AUTHORIZED, null);
        event("b", EventType.ORDER_REJECTED, "OUT_OF_STOCK");
        event("b", EventType.PAYMENT_VOIDED, null);
        event("b", EventType.NOTIFICATION_SENT, null);
        Invariants.Report report = Invariants.check(tracker.accepted(), catalog, stock(98, 100, 3), oneEmailEach("a", "b"), "test");
        assertThat(report.violations()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.confirmed()).isEqualTo(1);
        assertThat(report.rejectedByReason()).containsEntry("OUT_OF_STOCK", 1L);
    }

    @Test
    void lostDuplicatedUncapturedUnvoidedAndDoubleEmailedOrdersAreViolations() {
        accept("lost", order(1, catalog.stocked().get(0), 1, Expectation.CONFIRMED));
        accept("dup", order(2, catalog.stocked().get(1), 1, Expectation.CONFIRMED));
        confirmFully("dup");
        event("dup", EventType.ORDER_REJECTED, "TIMEOUT");
        accept("nocapture", order(3, catalog.stocked().get(0), 1, Expectation.CONFIRMED));
        event("nocapture", EventType.ORDER_CONFIRMED, null);
        event("nocapture", EventType.NOTIFICATION_SENT, null);
        accept("novoid", order(4, catalog.soldOut(), 1, Expectation.OUT_OF_STOCK));
        event("novoid", EventType.PAYMENT_AUTHORIZED, null);
        event("novoid", EventType.ORDER_REJECTED, "OUT_OF_STOCK");
        event("novoid", EventType.NOTIFICATION_SENT, null);
        Map<String, Integer> emails = oneEmailEach("dup", "nocapture");
        emails.put(Invariants.orderRef("novoid"), 2);
        Invariants.Report report = Invariants.check(tracker.accepted(), catalog, stock(99, 99, 3), emails, "test");
        assertThat(report.lost()).containsExactly("lost");
        assertThat(report.duplicated()).singleElement().asString().startsWith("dup");
        assertThat(report.confirmedWithoutCapture()).containsExactly("nocapture");
        assertThat(report.authorizedRejectedNotVoided()).containsExactly("novoid");
        assertThat(report.multipleEmails()).singleElement().asString().startsWith("novoid");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void stockThatDoesNotAddUpIsAnOversell() {
        for (int i = 1; i <= 4; i++) {
            accept("s" + i, order(i, catalog.scarce(), 1, Expectation.SCARCE));
            confirmFully("s" + i);
        }
        Invariants.Report report = Invariants.check(tracker.accepted(), catalog, stock(100, 100, -1),
                oneEmailEach("s1", "s2", "s3", "s4"), "test");
        Invariants.StockCheck scarce = report.stock().stream().filter(s -> s.sku().equals(catalog.scarce())).findFirst().orElseThrow();
        assertThat(scarce.confirmedQuantity()).isEqualTo(4);
        assertThat(scarce.ok()).isFalse();
        assertThat(report.violations()).anyMatch(v -> v.contains("oversell"));
    }

    @Test
    void aRedeliveredEventIsCountedOnceAndReported() {
        accept("a", order(1, catalog.stocked().get(0), 1, Expectation.CONFIRMED));
        tracker.event("a", EventType.ORDER_CONFIRMED, "same-id", 5, null);
        tracker.event("a", EventType.ORDER_CONFIRMED, "same-id", 6, null);
        assertThat(tracker.terminalCount()).isEqualTo(1);
        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.accepted().get(0).redeliveries()).isEqualTo(1);
        assertThat(tracker.accepted().get(0).terminalEvents()).isEqualTo(1);
    }

    @Test
    void anOutcomeReadBeforeThePostAnswerStillCounts() {
        tracker.event("early", EventType.ORDER_CONFIRMED, "e1", 5, null);
        assertThat(tracker.terminalCount()).isZero();
        accept("early", order(1, catalog.stocked().get(0), 1, Expectation.CONFIRMED));
        assertThat(tracker.terminalCount()).isEqualTo(1);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void ordersSharingAReferenceEachNeedTheirOwnEmail() {
        String first = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        String second = "7c9e6679-0000-4000-8000-000000000002";
        accept(first, order(1, catalog.stocked().get(0), 1, Expectation.CONFIRMED));
        confirmFully(first);
        accept(second, order(2, catalog.stocked().get(1), 1, Expectation.CONFIRMED));
        confirmFully(second);

        Invariants.Report one = Invariants.check(tracker.accepted(), catalog, stock(99, 99, 3),
                Map.of("7C9E6679", 1), "test");
        Invariants.Report two = Invariants.check(tracker.accepted(), catalog, stock(99, 99, 3),
                Map.of("7C9E6679", 2), "test");

        assertThat(one.passed()).isFalse();
        assertThat(two.violations()).isEmpty();
    }

    @Test
    void countsEmailsPerOrderReferenceSinceTheRunStarted() throws Exception {
        String listing = """
                [{"index":0,"to":"Ada <ada@example.com>","subject":"Your order 7C9E6679 is confirmed",
                  "date":"2026-11-30T10:00:05Z","body":"{\\"nested\\":[1,2]}"},
                 {"index":1,"to":"ada@example.com","subject":"Your order 7C9E6679 could not be completed",
                  "date":"2026-11-30T10:00:07Z"},
                 {"index":2,"to":"grace@example.com","subject":"Your order 0BADF00D is confirmed",
                  "date":"2026-11-30T09:59:59Z"},
                 {"index":3,"to":"grace@example.com","subject":"Your order 12345678 is confirmed",
                  "date":"2026-11-30T10:00:00Z"},
                 {"index":4,"to":"someone@example.com","subject":"Hello","date":"2026-11-30T10:00:09Z"}]""";
        Map<String, Integer> counts = Invariants.emailsPerOrderRef(
                new ByteArrayInputStream(listing.getBytes(StandardCharsets.UTF_8)), Instant.parse("2026-11-30T10:00:00.400Z"));
        assertThat(counts).containsOnly(Map.entry("7C9E6679", 2), Map.entry("12345678", 1));
    }
}
