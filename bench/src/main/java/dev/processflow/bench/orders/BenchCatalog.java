package dev.processflow.bench.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.bench.Http;
import dev.processflow.bench.report.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's own products, created through inventory's admin API under a run-unique prefix so runs never share
 * stock: many well-stocked SKUs, one with none on hand, one with only a few units.
 */
public record BenchCatalog(String runId, List<String> stocked, String soldOut, String scarce, int stockedOnHand,
        int scarceOnHand) {

    static final long PRICE_CENTS = 1999;

    public static BenchCatalog forRun(String runId, int stockedSkus, int stockedOnHand, int scarceOnHand) {
        List<String> stocked = new ArrayList<>();
        for (int i = 1; i <= stockedSkus; i++) {
            stocked.add("BENCH-" + runId + "-S" + i);
        }
        return new BenchCatalog(runId, List.copyOf(stocked), "BENCH-" + runId + "-NONE", "BENCH-" + runId + "-FEW",
                stockedOnHand, scarceOnHand);
    }

    public List<String> all() {
        List<String> all = new ArrayList<>(stocked);
        all.add(soldOut);
        all.add(scarce);
        return all;
    }

    public int initialOnHand(String sku) {
        return sku.equals(soldOut) ? 0 : sku.equals(scarce) ? scarceOnHand : stockedOnHand;
    }

    /** PUTs every product; 200 or 201 expected. */
    /** Creates every SKU of the run as the operator, whose access token this is. */
    public void create(Http http, String inventoryUrl, String accessToken) throws IOException, InterruptedException {
        for (String sku : all()) {
            String body = Json.MAPPER.writeValueAsString(Map.of(
                    "name", "Benchmark product " + sku,
                    "price", Map.of("amount", PRICE_CENTS, "currency", "EUR"),
                    "onHand", initialOnHand(sku)));
            var response = http.putJson(inventoryUrl + "/products/" + sku, body, accessToken);
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT /products/" + sku + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }

    /** onHand and reserved per SKU as inventory reports them now. */
    public Map<String, int[]> stock(Http http, String inventoryUrl) throws IOException, InterruptedException {
        Map<String, int[]> stock = new LinkedHashMap<>();
        for (String sku : all()) {
            var response = http.get(inventoryUrl + "/products/" + sku);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /products/" + sku + " answered " + response.statusCode());
            }
            JsonNode product = Json.MAPPER.readTree(response.body());
            stock.put(sku, new int[] {product.path("onHand").asInt(), product.path("reserved").asInt()});
        }
        return stock;
    }
}
