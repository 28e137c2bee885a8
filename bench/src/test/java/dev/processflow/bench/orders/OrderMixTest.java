package dev.processflow.bench.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.bench.orders.OrderSpec.Expectation;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OrderMixTest {

    private final BenchCatalog catalog = BenchCatalog.forRun("LZ3K9X1A", 40, 1_000_000, 25);

    @Test
    void sameSeedAndSequenceGiveTheSameOrder() {
        assertThat(new OrderMix(catalog, 42).order(1234)).isEqualTo(new OrderMix(catalog, 42).order(1234));
        assertThat(new OrderMix(catalog, 42).order(1234)).isNotEqualTo(new OrderMix(catalog, 43).order(1234));
    }

    @Test
    void mixMatchesItsProportionsAndEachKindIsBuiltToItsOutcome() {
        OrderMix mix = new OrderMix(catalog, 42);
        Map<Expectation, Integer> counts = new EnumMap<>(Expectation.class);
        for (long seq = 1; seq <= 20_000; seq++) {
            OrderSpec order = mix.order(seq);
            counts.merge(order.expectation(), 1, Integer::sum);
            assertThat(order.items()).hasSizeBetween(1, 3);
            assertThat(order.items().stream().map(OrderSpec.Line::sku).distinct().count()).isEqualTo(order.items().size());
            boolean soldOut = order.items().stream().anyMatch(l -> l.sku().equals(catalog.soldOut()));
            boolean scarce = order.items().stream().anyMatch(l -> l.sku().equals(catalog.scarce()));
            assertThat(soldOut).isEqualTo(order.expectation() == Expectation.OUT_OF_STOCK);
            assertThat(scarce).isEqualTo(order.expectation() == Expectation.SCARCE);
            assertThat(order.paymentToken().startsWith("tok_chargeDeclined")).isEqualTo(order.expectation() == Expectation.DECLINED);
        }
        assertThat(counts.get(Expectation.DECLINED)).isBetween(1000, 1400);
        assertThat(counts.get(Expectation.OUT_OF_STOCK)).isBetween(650, 950);
        assertThat(counts.get(Expectation.SCARCE)).isBetween(300, 500);
        assertThat(counts.get(Expectation.CONFIRMED)).isBetween(17_300, 17_900);
    }

    @Test
    void skusAreAcceptedByTheOrderApiAndTheDemoCustomersTakeTurns() {
        Pattern sku = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
        Pattern cardLike = Pattern.compile("\\d{13,}");
        for (String s : catalog.all()) {
            assertThat(s).matches(sku).hasSizeLessThanOrEqualTo(64);
            assertThat(cardLike.matcher(s).find()).isFalse();
        }
        assertThat(new OrderMix(catalog, 1).order(99).customer()).isEqualTo("grace");
        assertThat(new OrderMix(catalog, 1).order(100).customer()).isEqualTo("ada");
    }

    @Test
    void expectationsAllowOnlyTheirOutcomes() {
        OrderSpec scarce = new OrderSpec(1, "a@bench.example", java.util.List.of(), "tok_visa", Expectation.SCARCE);
        assertThat(scarce.allows("CONFIRMED", null)).isTrue();
        assertThat(scarce.allows("REJECTED", "OUT_OF_STOCK")).isTrue();
        assertThat(scarce.allows("REJECTED", "TIMEOUT")).isFalse();
        OrderSpec declined = new OrderSpec(2, "b@bench.example", java.util.List.of(), "tok_chargeDeclined", Expectation.DECLINED);
        assertThat(declined.allows("REJECTED", "PAYMENT_DECLINED")).isTrue();
        assertThat(declined.allows("CONFIRMED", null)).isFalse();
    }
}
