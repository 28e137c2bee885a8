package dev.processflow.order.api;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Limits before work on POST /orders: the body's size before it is parsed, then the lengths the contract allows. */
@QuarkusTest
class OrderLimitsTest {

    /** A syntactically fine order padded past 64 KiB. */
    private static final String OVERSIZED = order("SKU-PAD", 1, "tok_visa")
            .replace("\"paymentToken\"", "\"padding\": \"" + "x".repeat(70 * 1024) + "\", \"paymentToken\"");

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsParsed() throws IOException, InterruptedException {
        shopper("pad@example.com").contentType(ContentType.JSON).body(OVERSIZED).post("/orders").then().statusCode(413)
                .contentType("application/problem+json");

        HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/orders"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.users().customer("subject-pad", "pad@example.com", "Pad"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        OVERSIZED.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).as("a body without a declared length").isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void aBodyWithinTheLimitIsStillReadAndTheServiceGoesOn() {
        String sku = OrderFixtures.newSku();
        OrderFixtures.publishProducts(OrderFixtures.kafka(), 100, sku);

        shopper("limits@example.com").contentType(ContentType.JSON).body(OVERSIZED).post("/orders").then().statusCode(413);
        shopper("limits@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202);
    }

    @Test
    void moreThanAHundredLinesOrAnOverlongSkuIsInvalid() {
        String lines = IntStream.range(0, 101).mapToObj(i -> "{\"sku\": \"SKU-%03d\", \"quantity\": 1}".formatted(i))
                .collect(Collectors.joining(", "));
        shopper("lines@example.com").contentType(ContentType.JSON).body(order("SKU-001", 1, "tok_visa")
                        .replaceFirst("\\[\\{[^]]*}]", "[" + lines + "]"))
                .post("/orders").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("items"));

        shopper("sku@example.com").contentType(ContentType.JSON).body(order("S".repeat(65), 1, "tok_visa"))
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("items[0].sku"));
    }
}
