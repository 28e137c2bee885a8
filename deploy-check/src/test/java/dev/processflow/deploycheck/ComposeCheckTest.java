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
    private final ComposeCheck.KafkaFiles kafka = ComposeCheck.KafkaFiles.read(repo);
    private final String topics = kafka.topics();
    private final List<String> baseline = ComposeCheck.findings(repo, compose, suite, kafka);

    @Test
    void composeMatchesTheServicesAndDeploy() {
        assertThat(baseline).isEmpty();
        assertThat(ComposeCheck.topicsFile(topics)).containsEntry("catalog", "compact").containsKey("images.dlq").hasSize(12);
    }

    @Test
    void aPortOrDatabaseChangedInComposeOnly() {
        List<String> findings = added(c -> {
            ObjectNode payment = (ObjectNode) c.path("services").path("payment-service");
            ((ArrayNode) payment.path("ports")).removeAll().add("127.0.0.1:9081:8081");
            ((ObjectNode) payment.path("environment")).put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/payment");
        }, kafka);

        assertThat(findings).contains(
                "docker-compose payment-service: ports [127.0.0.1:9081:8081] do not publish 127.0.0.1:8081:8081",
                "docker-compose payment-service: database payment is not created by ./deploy/postgres/init-databases.sql [images, inventory, keycloak, notifications, orders, payments]",
                "docker-compose payment-service: database payment differs from payment-service's configured database payments");
    }

    @Test
    void aTopicMissingFromTheTopicInitContainer() {
        List<String> findings = added(c -> { }, kafka.withTopics(topics.replace("catalog 3 compact", "catalog 3 delete")
                .replace("images.dlq 3 delete\n", "")));

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0)).startsWith("docker/kafka/topics.txt ").contains("catalog=delete").contains("differs from deploy/kafka/topics.yaml");
    }

    @Test
    void theKnativeProfileOrAnUnknownVariableInCompose() {
        List<String> findings = added(c -> ((ObjectNode) c.path("services").path("order-service").path("environment"))
                .put("QUARKUS_PROFILE", "prod,knative").put("ORDER_TIMEOUT", "30s"), kafka);

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
        }, kafka);

        assertThat(findings).contains(
                "docker-compose notification-service QUARKUS_MAILER_HOST: smtp is no service of docker-compose.yml",
                "docker-compose notification-service: KAFKA_BOOTSTRAP_SERVERS kafka:29092 is not an advertised listener of kafka (CLIENTS://kafka:9092,HOST://localhost:29092)",
                "docker-compose image-service: bucket images is not the one minio-init creates (processflow-images)",
                "docker-compose order-service: must depend on postgres with condition service_healthy",
                "docker-compose order-service: must depend on kafka-access with condition service_completed_successfully",
                "docker-compose order-service: must depend on keycloak with condition service_healthy",
                "docker-compose order-service: healthcheck must probe /q/health/ready on localhost port 8080");
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        Optional<Path> dockerCompose = Processes.onPath("docker-compose");
        assumeTrue(dockerCompose.isPresent(), "docker-compose is not installed (CI installs the Debian package)");

        String services = Processes.run(Duration.ofSeconds(60), dockerCompose.get().toString(), "-f", repo.compose().toString(),
                "config", "--services");

        assertThat(services.lines()).contains("kafka", "kafka-topics", "kafka-access", "postgres", "mailpit", "minio", "minio-init", "keycloak",
                "order-service", "payment-service", "inventory-service", "notification-service", "image-service");
        Processes.run(Duration.ofSeconds(60), dockerCompose.get().toString(), "-f", repo.compose().toString(), "config", "-q");
    }

    @Test
    void aBrokerListenerWithoutLoginOrAnAuthorizerThatAllowsEveryone() {
        List<String> findings = added(c -> { }, kafka
                .withBroker("listener.security.protocol.map", "CLIENTS:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:SASL_PLAINTEXT")
                .withBroker("authorizer.class.name", "")
                .withBroker("allow.everyone.if.no.acl.found", "true")
                .withBroker("super.users", "User:admin;User:ANONYMOUS")
                .withBroker("sasl.jaas.config", "x password=\"${env:KAFKA_SECRET}\";"));

        assertThat(findings).containsExactlyInAnyOrder(
                "docker/kafka/server.properties: listener CLIENTS is PLAINTEXT, so clients reach it without logging in",
                "docker/kafka/server.properties: listener CONTROLLER is PLAINTEXT, so clients reach it without logging in",
                "docker/kafka/server.properties: authorizer.class.name must be org.apache.kafka.metadata.authorizer.StandardAuthorizer, or every login may do anything",
                "docker/kafka/server.properties: allow.everyone.if.no.acl.found=true lets anyone at every resource without an ACL",
                "docker/kafka/server.properties: super.users must be User:admin alone, not User:admin;User:ANONYMOUS",
                "docker/kafka/server.properties: sasl.jaas.config reads ${env:KAFKA_SECRET}, which the kafka service does not set");
    }

    @Test
    void aServiceLoggingInAsAnotherOrNotAtAllAndAUserWithoutPassword() {
        List<String> findings = added(c -> {
            ((ObjectNode) c.path("services").path("order-service").path("environment"))
                    .put("KAFKA_USERNAME", "payment-service").put("KAFKA_PASSWORD", "${PAYMENT_SERVICE_KAFKA_PASSWORD:-local-only-payment-service}");
            ((ObjectNode) c.path("services").path("image-service").path("environment")).put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
            ((ObjectNode) c.path("services").path("kafka-access").path("environment")).remove("OBSERVER_KAFKA_PASSWORD");
        }, kafka.withAcls(kafka.acls().replaceAll("(?m)^notification-service .*\n", "")));

        assertThat(findings).containsExactlyInAnyOrder(
                "docker-compose order-service: KAFKA_USERNAME payment-service is not order-service, the user its ACLs are for",
                "docker-compose order-service: KAFKA_PASSWORD must be the password kafka-access gives order-service (ORDER_SERVICE_KAFKA_PASSWORD)",
                "docker-compose image-service: Kafka security protocol PLAINTEXT under profiles [prod], the broker takes logins only",
                "docker-compose kafka-access: no OBSERVER_KAFKA_PASSWORD, so Kafka user observer gets no login",
                "docker/kafka/acls.txt: grants nothing to notification-service, which could then neither read nor write");
    }

    @Test
    void aPortPublishedOnEveryInterface() {
        List<String> findings = added(c -> ((ArrayNode) c.path("services").path("postgres").path("ports")).removeAll()
                .add("5432:5432"), kafka);

        assertThat(findings).containsExactly(
                "docker-compose postgres: port 5432:5432 is published on every interface; bind it to 127.0.0.1");
    }

    @Test
    void thePaymentGatewayIsChosenAndItsProviderRunsBesideIt() {
        List<String> unchosen = added(c -> ((ObjectNode) c.path("services").path("payment-service").path("environment"))
                .remove("PROCESSFLOW_PAYMENT_GATEWAY"), kafka);
        List<String> providerDrift = added(c -> {
            ObjectNode provider = (ObjectNode) c.path("services").path("payment-provider");
            provider.remove("volumes");
            ((ObjectNode) provider.path("build")).put("dockerfile", "docker/Dockerfile.jvm");
            ((ArrayNode) provider.path("ports")).removeAll().add("127.0.0.1:9085:8085");
            ((ObjectNode) c.path("services").path("payment-service").path("depends_on")).remove("payment-provider");
        }, kafka);
        List<String> elsewhere = added(c -> ((ObjectNode) c.path("services").path("payment-service").path("environment"))
                .put("PROCESSFLOW_PAYMENT_PROVIDER_URL", "http://provider:8085"), kafka);

        assertThat(unchosen).containsExactly("docker-compose payment-service: chooses no payment gateway"
                + " (PROCESSFLOW_PAYMENT_GATEWAY), so payment-service refuses to start");
        assertThat(providerDrift).containsExactlyInAnyOrder(
                "docker-compose payment-service: must depend on payment-provider with condition service_healthy",
                "docker-compose payment-provider: build.dockerfile must be docker/Dockerfile.provider, the payment provider"
                        + " simulator's image",
                "docker-compose payment-provider: needs a volume at /data for its journal",
                "docker-compose payment-provider: ports [127.0.0.1:9085:8085] do not publish 127.0.0.1:8085:8085");
        assertThat(elsewhere).containsExactlyInAnyOrder(
                "docker-compose payment-service PROCESSFLOW_PAYMENT_PROVIDER_URL: provider is no service of docker-compose.yml",
                "docker-compose payment-service: must depend on provider with condition service_healthy");
    }

    private List<String> added(Consumer<JsonNode> change, ComposeCheck.KafkaFiles files) {
        JsonNode copy = compose.deepCopy();
        change.accept(copy);
        List<String> findings = new ArrayList<>(ComposeCheck.findings(repo, copy, suite, files));
        findings.removeAll(baseline);
        return findings;
    }
}
