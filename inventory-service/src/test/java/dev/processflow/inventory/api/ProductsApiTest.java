package dev.processflow.inventory.api;

import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.productJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.Money;
import dev.processflow.inventory.InventoryFixtures;
import dev.processflow.inventory.reservation.StockReservations;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.SignInChecks;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductsApiTest {

    private TopicWatch catalog;

    @Inject
    StockReservations reservations;

    @BeforeAll
    void watch() {
        catalog = TopicWatch.of(KafkaEngine.companion(), "catalog");
    }

    @AfterAll
    void close() {
        catalog.close();
    }

    private static RequestSpecification admin() {
        return TestUsers.asAdmin().contentType(ContentType.JSON);
    }

    @Test
    void adminCreatesThenUpdatesAndEveryoneReads() {
        String sku = newSku();
        Response created = admin().body(productJson("Moka pot", 3299, "EUR", 12)).put("/products/" + sku);
        created.then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("sku", equalTo(sku))
                .body("name", equalTo("Moka pot"))
                .body("price.amount", equalTo(3299))
                .body("price.currency", equalTo("EUR"))
                .body("onHand", equalTo(12))
                .body("reserved", equalTo(0))
                .body("available", equalTo(12));
        assertThat(created.header("Location")).isEqualTo("/products/" + sku);

        admin().body(productJson("Moka pot, 6 cups", 3599, "EUR", 20)).put("/products/" + sku)
                .then().statusCode(200)
                .body("name", equalTo("Moka pot, 6 cups"))
                .body("price.amount", equalTo(3599))
                .body("onHand", equalTo(20))
                .body("available", equalTo(20));

        given().get("/products/" + sku).then().statusCode(200)
                .body("name", equalTo("Moka pot, 6 cups"))
                .body("price.amount", equalTo(3599))
                .body("onHand", equalTo(20))
                .body("reserved", equalTo(0))
                .body("available", equalTo(20));
    }

    @Test
    void listIsSortedBySku() {
        String later = "ZZ-" + newSku();
        String earlier = "AA-" + newSku();
        assertThat(InventoryFixtures.putProduct(later, 1)).isEqualTo(201);
        assertThat(InventoryFixtures.putProduct(earlier, 1)).isEqualTo(201);

        List<String> skus = given().get("/products").then().statusCode(200).extract().jsonPath().getList("sku");

        assertThat(skus).contains(earlier, later).isSorted();
    }

    @Test
    void everyPutIsAnnouncedOnTheCatalogTopicKeyedBySkuAndNumberedInOrder() {
        String sku = newSku();
        admin().body(productJson("Knock box", 2499, "EUR", 30)).put("/products/" + sku).then().statusCode(201);
        admin().body(productJson("Knock box XL", 2999, "EUR", 31)).put("/products/" + sku).then().statusCode(200);

        ConsumerRecord<String, String> first = catalog.await(r -> InventoryFixtures.announces(r, sku, 30));
        ConsumerRecord<String, String> second = catalog.await(r -> InventoryFixtures.announces(r, sku, 31));
        assertThat(TestEvents.header(first, "ce_type")).isEqualTo("processflow.catalog.product-upserted");
        assertThat(TestEvents.header(first, "ce_source")).isEqualTo("/processflow/inventory-service");
        assertThat(TestEvents.header(first, "ce_subject")).isEqualTo(sku);
        assertThat(TestEvents.decode(first).data())
                .isEqualTo(new ProductUpserted(sku, "Knock box", Money.of(2499, "EUR"), 30, 1));
        assertThat(TestEvents.decode(second).data())
                .isEqualTo(new ProductUpserted(sku, "Knock box XL", Money.of(2999, "EUR"), 31, 2));
        assertThat(second.offset()).isGreaterThan(first.offset());
        assertThat(second.partition()).isEqualTo(first.partition());
    }

    @Test
    void unknownSkuIs404Problem() {
        given().get("/products/NO-SUCH-" + newSku()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Product not found"));
    }

    @Test
    void withoutCredentialsIs401WithABearerChallengeAndNothingStored() {
        String sku = newSku();
        Response response = given().contentType(ContentType.JSON).body(productJson("Mug", 100, "EUR", 1))
                .put("/products/" + sku);

        response.then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        assertThat(response.header("WWW-Authenticate")).startsWithIgnoringCase("bearer");
        given().get("/products/" + sku).then().statusCode(404);
    }

    @Test
    void expiredForeignOrMisaddressedTokensAre401AndNothingIsStored() {
        String sku = newSku();
        SignInChecks.assertRefusesUnauthenticated("PUT", "/products/" + sku);
        given().get("/products/" + sku).then().statusCode(404);
    }

    @Test
    void aCustomerIs403AndNothingIsStored() {
        String sku = newSku();
        TestUsers.asAda().contentType(ContentType.JSON)
                .body(productJson("Mug", 100, "EUR", 1)).put("/products/" + sku)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        given().get("/products/" + sku).then().statusCode(404);
    }

    @Test
    void invalidBodyNamesEveryBadField() {
        String sku = newSku();
        admin().body("""
                {"name": "", "price": {"amount": -1, "currency": "eur"}, "onHand": -1}""")
                .put("/products/" + sku)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("name", "price.amount", "price.currency", "onHand"));
        admin().body("{\"name\": \"%s\", \"price\": {\"amount\": 1, \"currency\": \"ABC\"}, \"onHand\": 1}"
                .formatted("x".repeat(201)))
                .put("/products/" + sku)
                .then().statusCode(400)
                .body("violations.field", hasItems("name", "price.currency"));
        admin().body("{\"name\": \"Mug\", \"onHand\": 1}").put("/products/" + sku)
                .then().statusCode(400).body("violations.field", hasItem("price"));
        admin().body("{\"name\": \"Mug\", \"price\": {\"amount\": 1, \"currency\": \"EUR\"}}").put("/products/" + sku)
                .then().statusCode(400).body("violations.field", hasItem("onHand"));
        given().get("/products/" + sku).then().statusCode(404);
    }

    @Test
    void fractionsAndNumbersAsTextAreNotMoney() {
        String sku = newSku();
        admin().body("{\"name\": \"Mug\", \"price\": {\"amount\": 12.5, \"currency\": \"EUR\"}, \"onHand\": 1}")
                .put("/products/" + sku)
                .then().statusCode(400).body("violations.field", hasItem("price.amount"));
        admin().body("{\"name\": \"Mug\", \"price\": {\"amount\": 12, \"currency\": \"EUR\"}, \"onHand\": \"ten\"}")
                .put("/products/" + sku)
                .then().statusCode(400).body("violations.field", hasItem("onHand"));
        admin().body("{\"name\": \"Mug\", \"price\": {\"amount\": \"12\", \"currency\": \"EUR\"}, \"onHand\": 1}")
                .put("/products/" + sku)
                .then().statusCode(400).body("violations.field", hasItem("price.amount"));
        admin().body("{\"name\": ").put("/products/" + sku)
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        admin().body("[]").put("/products/" + sku)
                .then().statusCode(400).body("title", equalTo("Malformed JSON"));
        admin().body(productJson("Mug", 100, "EUR", 1)).put("/products/bad sku!")
                .then().statusCode(400).body("violations.field", hasItem("sku"));
        given().get("/products/" + sku).then().statusCode(404);
    }

    @Test
    void onHandMayNotDropBelowWhatIsReserved() {
        String sku = newSku();
        assertThat(InventoryFixtures.putProduct(sku, 10)).isEqualTo(201);
        assertThat(reservations.apply(placed(UUID.randomUUID(), line(sku, 4))))
                .isEqualTo(StockReservations.Outcome.RESERVED);

        admin().body(productJson("Product " + sku, 1000, "EUR", 3)).put("/products/" + sku)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("reserved", equalTo(4))
                .body("violations.field", hasItem("onHand"))
                .body("detail", containsString("4"));
        given().get("/products/" + sku).then().body("onHand", equalTo(10)).body("reserved", equalTo(4));

        admin().body(productJson("Product " + sku, 1000, "EUR", 4)).put("/products/" + sku)
                .then().statusCode(200)
                .body("onHand", equalTo(4))
                .body("reserved", equalTo(4))
                .body("available", equalTo(0));
    }
}
