package dev.processflow.inventory.demo;

import static dev.processflow.inventory.InventoryFixtures.productJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DemoCatalogTest {

    @Inject
    DemoCatalog demoCatalog;

    @ConfigProperty(name = "processflow.demo-catalog.enabled")
    boolean enabled;

    @Test
    void seedsTwentyEuroProductsOnceAnnouncesThemAndNeverOverwrites() {
        assertThat(enabled).as("the test profile starts without a demo catalog").isFalse();
        try (TopicWatch catalog = TopicWatch.of(KafkaEngine.companion(), "catalog")) {
            assertThat(demoCatalog.seed()).isEqualTo(20);

            List<String> skus = IntStream.rangeClosed(1, 20).mapToObj(i -> "SKU-%03d".formatted(i)).toList();
            for (String sku : skus) {
                JsonPath product = given().get("/products/" + sku).then().statusCode(200).extract().jsonPath();
                assertThat(product.getString("price.currency")).isEqualTo("EUR");
                assertThat(product.getLong("price.amount")).isPositive();
                assertThat(product.getInt("onHand")).isPositive();
                catalog.await(r -> sku.equals(r.key())
                        && ((ProductUpserted) TestEvents.decode(r).data()).available() > 0);
            }

            TestUsers.asAdmin().contentType(ContentType.JSON)
                    .body(productJson("Espresso cup, limited", 1999, "EUR", 3))
                    .put("/products/SKU-001").then().statusCode(200);
            assertThat(demoCatalog.seed()).isZero();

            given().get("/products/SKU-001").then().statusCode(200)
                    .body("name", equalTo("Espresso cup, limited"))
                    .body("price.amount", equalTo(1999))
                    .body("onHand", equalTo(3));
        }
    }
}
