package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs the same suite as deploy/: ports, topics, databases, addresses and profiles agree. */
class ComposeCheckTest {

    private final Repo repo = Repo.locate();
    private final Suite suite = Suite.load(repo);
    private final JsonNode compose = ComposeCheck.read(repo);
    private final String topics = Kustomize.readString(repo.composeTopics());
    private final List<String> baseline = ComposeCheck.findings(repo, compose, suite, topics);

    @Test
    void composeMatchesTheServicesAndDeploy() {
        assertThat(baseline).isEmpty();
        assertThat(ComposeCheck.topicsFile(topics)).containsEntry("catalog", "compact").containsKey("images.dlq").hasSize(12);
    }

    @Test
    void aPortOrDatabaseChangedInComposeOnly() {
        List<String> findings = added(c -> {
            ObjectNode payment = (ObjectNode) c.path("services").path("payment-service");
            ((ArrayNode) payment.path("ports")).removeAll().add("9081:8081");
            ((ObjectNode) payment.path("environment")).put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/payment");
        }, topics);

        assertThat(findings).contains(
                "docker-compose payment-service: ports [9081:8081] do not publish 8081:8081",
                "docker-compose payment-service: database payment is not created by ./deploy/postgres/init-databases.sql [images, inventory, keycloak, notifications, orders, payments]",
                "docker-compose payment-service: database payment differs from payment-service's configured database payments");
    }

    @Test
    void aTopicMissingFromTheTopicInitContainer() {
        List<String> findings = added(c -> { }, topics.replace("catalog 3 compact", "catalog 3 delete").replace("images.dlq 3 delete\n", ""));

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0)).startsWith("docker/kafka/topics.txt ").contains("catalog=delete").contains("differs from deploy/kafka/topics.yaml");
    }

    @Test
    void theKnativeProfileOrAnUnknownVariableInCompose() {
        List<String> findings = added(c -> ((ObjectNode) c.path("services").path("order-service").path("environment"))
                .put("QUARKUS_PROFILE", "prod,knative").put("ORDER_TIMEOUT", "30s"), topics);

        assertThat(findings).contains(
                "docker-compose order-service: the knative profile turns the Kafka consumers off, nothing would push events here",
                "docker-compose order-service: channel payments is disabled under profiles [prod, knative]",
                "docker-compose order-service: env ORDER_TIMEOUT is read neither by order-service's application.properties nor by its config mappings");
    }

    @Test
    void addressesAndStartOrderMustResolve() {
        List<String> findings = added(c -> {
            ObjectNode notification = (ObjectNode) c.path("services").path("notification-service");
            ((ObjectNode) notification.path("environment")).put("QUARKUS_MAILER_HOST", "smtp").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");
            ((ObjectNode) c.path("services").path("image-service").path("environment")).put("PROCESSFLOW_IMAGE_S3_BUCKET", "images");
            ((ObjectNode) c.path("services").path("order-service")).remove(List.of("depends_on", "healthcheck"));
        }, topics);

        assertThat(findings).contains(
                "docker-compose notification-service QUARKUS_MAILER_HOST: smtp is no service of docker-compose.yml",
                "docker-compose notification-service: KAFKA_BOOTSTRAP_SERVERS kafka:29092 is not an advertised listener of kafka (PLAINTEXT://kafka:9092,HOST://localhost:29092)",
                "docker-compose image-service: bucket images is not the one minio-init creates (processflow-images)",
                "docker-compose order-service: must depend on postgres with condition service_healthy",
                "docker-compose order-service: healthcheck must probe /q/health/ready on localhost port 8080");
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        Optional<Path> dockerCompose = Processes.onPath("docker-compose");
        assumeTrue(dockerCompose.isPresent(), "docker-compose is not installed (CI installs the Debian package)");

        String services = Processes.run(Duration.ofSeconds(60), dockerCompose.get().toString(), "-f", repo.compose().toString(),
                "config", "--services");

        assertThat(services.lines()).contains("kafka", "kafka-topics", "postgres", "mailpit", "minio", "minio-init",
                "order-service", "payment-service", "inventory-service", "notification-service", "image-service");
        Processes.run(Duration.ofSeconds(60), dockerCompose.get().toString(), "-f", repo.compose().toString(), "config", "-q");
    }

    private List<String> added(Consumer<JsonNode> change, String topicsFile) {
        JsonNode copy = compose.deepCopy();
        change.accept(copy);
        List<String> findings = new ArrayList<>(ComposeCheck.findings(repo, copy, suite, topicsFile));
        findings.removeAll(baseline);
        return findings;
    }
}
