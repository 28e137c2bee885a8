package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    private final ServiceConfig config = new ServiceConfig("demo-service", Map.of(
            "quarkus.application.name", "demo-service",
            "quarkus.http.port", "8089",
            "%prod.quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:5432/demo?sslmode=disable",
            "%prod.quarkus.datasource.password", "${DB_PASSWORD:secret}",
            "mp.messaging.incoming.orders.connector", "smallrye-kafka",
            "mp.messaging.incoming.orders.topic", "orders",
            "mp.messaging.incoming.orders.dead-letter-queue.topic", "orders.dlq",
            "%knative,serverless.mp.messaging.incoming.orders.enabled", "false",
            "mp.messaging.incoming.bare.connector", "smallrye-kafka",
            "mp.messaging.incoming.memory.connector", "smallrye-in-memory"));

    @Test
    void theLastActiveProfileWinsThenThePlainKey() {
        ServiceConfig layered = config.with("%knative.quarkus.http.port", "8090").with("%prod.quarkus.http.port", "8091");

        assertThat(layered.value("quarkus.http.port", List.of("prod", "knative"))).contains("8090");
        assertThat(layered.value("quarkus.http.port", List.of("knative", "prod"))).contains("8091");
        assertThat(layered.value("quarkus.http.port", List.of("dev"))).contains("8089");
        assertThat(config.value("quarkus.datasource.jdbc.url", List.of("dev"))).isEmpty();
    }

    @Test
    void kafkaChannelsGetTheConnectorDefaultsAndTheirProfileSwitch() {
        assertThat(config.kafkaChannels(List.of("prod"))).containsExactly(
                new KafkaChannel("bare", "bare", "demo-service", "dead-letter-topic-bare", true),
                new KafkaChannel("orders", "orders", "demo-service", "orders.dlq", true));
        assertThat(config.kafkaChannels(List.of("prod", "knative")))
                .filteredOn(KafkaChannel::enabled).extracting(KafkaChannel::name).containsExactly("bare");
        assertThat(config.kafkaChannels(List.of("serverless")))
                .filteredOn(c -> c.name().equals("orders")).extracting(KafkaChannel::enabled).containsExactly(false);
    }

    @Test
    void environmentVariablesCoverPropertiesInEveryProfileAndExpressions() {
        assertThat(config.environmentVariables()).contains("QUARKUS_HTTP_PORT", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_PASSWORD", "DB_PASSWORD", "MP_MESSAGING_INCOMING_ORDERS_DEAD_LETTER_QUEUE_TOPIC")
                .doesNotContain("SECRET", "PROD_QUARKUS_HTTP_PORT");
        assertThat(ServiceConfig.environmentName("quarkus.fault-tolerance.\"a.B/c\".retry"))
                .isEqualTo("QUARKUS_FAULT_TOLERANCE__A_B_C__RETRY");
    }

    /** No production default for the password; dev and test keep a plain broker. */
    @Test
    void everyServiceLogsInToKafkaAsItselfInProductionOnly() {
        Repo repo = Repo.locate();
        for (Contract.ServiceSpec spec : Contract.SERVICES) {
            ServiceConfig service = ServiceConfig.read(repo.root(), spec.name()).orElseThrow();
            assertThat(service.value("kafka.security.protocol", List.of("prod"))).as(spec.name()).contains("SASL_PLAINTEXT");
            assertThat(service.value("kafka.sasl.mechanism", List.of("prod"))).as(spec.name()).contains("SCRAM-SHA-512");
            assertThat(service.value("kafka.sasl.jaas.config", List.of("prod"))).as(spec.name()).hasValueSatisfying(jaas ->
                    assertThat(jaas).contains("username=\"${KAFKA_USERNAME:${quarkus.application.name}}\"")
                            .contains("password=\"${KAFKA_PASSWORD}\""));
            assertThat(service.value("quarkus.application.name", List.of("prod"))).as(spec.name()).contains(spec.name());
            assertThat(service.value("kafka.security.protocol", List.of("test"))).as(spec.name()).isEmpty();
            assertThat(service.value("kafka.security.protocol", List.of("dev"))).as(spec.name()).isEmpty();
            assertThat(service.reads("KAFKA_PASSWORD")).isTrue();
        }
    }

    @Test
    void theDatabaseIsThePathOfTheJdbcUrl() {
        assertThat(config.database(List.of("prod"))).contains("demo");
        assertThat(ServiceConfig.databaseOf("jdbc:postgresql://postgres/orders")).contains("orders");
        assertThat(ServiceConfig.databaseOf("jdbc:h2:mem:test")).isEmpty();
    }
}
