package dev.processflow.bench.orders;

import dev.processflow.bench.orders.OrderSpec.Expectation;
import dev.processflow.bench.orders.OrderSpec.Line;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The order mix, deterministic per sequence number (the same seed and sequence give the same order whatever thread
 * asks): mostly approved cards on well-stocked SKUs, some declined tokens, some lines of a SKU with no stock, and a
 * few orders competing for the last units of a scarce SKU, which is where an oversell would show.
 */
public final class OrderMix {

    /** The realm\'s demo customers take turns placing the orders. */
    static final List<String> CUSTOMERS = List.of("ada", "grace");

    static final int DECLINED_PERCENT = 6;
    static final int OUT_OF_STOCK_PERCENT = 4;
    static final int SCARCE_PERCENT = 2;
    private static final String[] APPROVING = {"tok_visa", "tok_visa", "tok_mastercard"};
    private static final String[] DECLINING = {"tok_chargeDeclined", "tok_chargeDeclinedInsufficientFunds",
        "tok_chargeDeclinedExpiredCard"};

    private final BenchCatalog catalog;
    private final long seed;

    public OrderMix(BenchCatalog catalog, long seed) {
        this.catalog = catalog;
        this.seed = seed;
    }

    public OrderSpec order(long seq) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + seq);
        int dice = random.nextInt(100);
        Expectation expectation;
        if (dice < DECLINED_PERCENT) {
            expectation = Expectation.DECLINED;
        } else if (dice < DECLINED_PERCENT + OUT_OF_STOCK_PERCENT) {
            expectation = Expectation.OUT_OF_STOCK;
        } else if (dice < DECLINED_PERCENT + OUT_OF_STOCK_PERCENT + SCARCE_PERCENT) {
            expectation = Expectation.SCARCE;
        } else {
            expectation = Expectation.CONFIRMED;
        }
        Set<String> skus = new LinkedHashSet<>();
        int lines = 1 + random.nextInt(3);
        while (skus.size() < lines) {
            skus.add(catalog.stocked().get(random.nextInt(catalog.stocked().size())));
        }
        List<Line> items = new ArrayList<>();
        for (String sku : skus) {
            items.add(new Line(sku, 1 + random.nextInt(3)));
        }
        if (expectation == Expectation.OUT_OF_STOCK) {
            items.set(items.size() - 1, new Line(catalog.soldOut(), 1));
        } else if (expectation == Expectation.SCARCE) {
            items.set(items.size() - 1, new Line(catalog.scarce(), 1));
        }
        String token = expectation == Expectation.DECLINED
                ? DECLINING[random.nextInt(DECLINING.length)]
                : APPROVING[random.nextInt(APPROVING.length)];
        return new OrderSpec(seq, CUSTOMERS.get((int) (seq % CUSTOMERS.size())), List.copyOf(items),
                token, expectation);
    }
}
