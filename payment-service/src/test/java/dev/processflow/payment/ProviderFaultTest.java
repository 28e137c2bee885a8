package dev.processflow.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What tests that switch the provider's faults and look into the database share: the driver, faults cleared after
 * each test, and SQL in transactions of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderFaultTest {

    protected final PaymentDriver driver = new PaymentDriver();

    @Inject
    protected EntityManager entityManager;

    @Inject
    protected MeterRegistry registry;

    @AfterEach
    void clearFaults() {
        ProviderLedger.clearFaults();
    }

    @AfterAll
    void closeDriver() {
        driver.close();
    }

    protected void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }

    protected long count(String query) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery(query).getSingleResult()).longValue());
    }
}
