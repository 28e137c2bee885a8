package dev.processflow.inventory.product;

import static dev.processflow.inventory.InventoryFixtures.announces;
import static dev.processflow.inventory.InventoryFixtures.distinctEvents;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogAnnouncementTest {

    private TopicWatch catalog;

    @Inject
    CatalogEvents catalogEvents;

    @BeforeAll
    void watch() {
        catalog = TopicWatch.of(KafkaEngine.companion(), "catalog");
    }

    @AfterAll
    void close() {
        catalog.close();
    }

    @Test
    void stockMovesBetweenAnnouncementsReachTheCatalogOnceWithTheLatestState() {
        String sku = newSku();
        putProduct(sku, 10);
        catalog.await(r -> announces(r, sku, 10));

        QuarkusTransaction.requiringNew().run(() -> {
            Product product = Product.lock(sku);
            for (int i = 0; i < 3; i++) {
                product.reserve(2);
                catalogEvents.stockMoved(product);
            }
        });

        catalog.await(r -> announces(r, sku, 4));
        // Ten announcement intervals later still nothing else: the three moves made one event, and the product is
        // no longer marked, so it is not announced again.
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        List<ProductUpserted> announced = distinctEvents(catalog.matching(r -> sku.equals(r.key()))).stream()
                .map(r -> (ProductUpserted) TestEvents.decode(r).data())
                .toList();
        assertThat(announced).extracting(ProductUpserted::available).containsExactly(10, 4);
        assertThat(announced).extracting(ProductUpserted::version).containsExactly(1L, 2L);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Product.<Product>findById(sku).catalogPending))
                .isFalse();
    }

    @Test
    void anEditAnnouncesAtOnceAndSettlesPendingStockMoves() {
        String sku = newSku();
        putProduct(sku, 10);
        catalog.await(r -> announces(r, sku, 10));

        QuarkusTransaction.requiringNew().run(() -> {
            Product product = Product.lock(sku);
            product.reserve(3);
            catalogEvents.stockMoved(product);
            catalogEvents.changed(product);
        });

        catalog.await(r -> announces(r, sku, 7));
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(distinctEvents(catalog.matching(r -> sku.equals(r.key())))).hasSize(2);
    }
}
