package dev.processflow.inventory.outage;

import dev.processflow.testsupport.PostgresLink;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service reaches PostgreSQL through a link the test can cut or freeze. An event's own failures get two attempts
 * here, so a delivery that counted the outage against them would be dead-lettered within seconds; the database
 * timeouts are short, so a frozen database fails calls quickly.
 */
public class DatabaseOutage implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "${" + PostgresLink.URL_PROPERTY + "}",
                "processflow.consumer.max-attempts", "2",
                "processflow.consumer.dependency-max-backoff", "1s",
                "quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "3",
                "quarkus.datasource.jdbc.additional-jdbc-properties.options", "-c statement_timeout=2000",
                "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                "quarkus.transaction-manager.default-transaction-timeout", "10S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresLink.class));
    }
}
