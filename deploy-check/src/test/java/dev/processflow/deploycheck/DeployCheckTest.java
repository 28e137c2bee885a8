package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * deploy/ agrees with the services' application.properties and the event contract; and each kind of drift, made on
 * one side only and in memory, is reported. Drift tests compare against the unchanged repository, so they only
 * look at the findings the change adds.
 */
class DeployCheckTest {

    private static final String ORDER = "order-service";

    private final Suite suite = Suite.load(Repo.locate());
    private final List<String> baseline = DeployCheck.findings(suite);

    @Test
    void deployMatchesTheServicesAndTheEventContract() {
        assertThat(baseline).isEmpty();
    }

    @Test
    void theChecksReadEveryServiceConfigurationThatExists() {
        assertThat(suite.configs()).containsKey(ORDER);
        assertThat(suite.pushPath()).contains("/events");
        assertThat(suite.databases()).contains("orders");
    }

    @Test
    void aTopicRenamedInTheServiceConfigOnly() {
        Suite changed = suite.withConfig(orderConfig().with("mp.messaging.incoming.payments.topic", "payments-v2"));

        assertThat(added(changed)).contains(
                "topic payments-v2 named by order-service's channel payments has no KafkaTopic in deploy/",
                "order-service's channel payments (topic payments-v2): no KafkaSource pushes it to the Knative Service order-service at /events",
                "KafkaSource/order-payments: pushes topic payments to order-service, whose application.properties has no channel on it");
    }

    @Test
    void aTopicRenamedInDeployOnly() {
        Suite changed = changeManifests(m -> m.named(KafkaSource.class, "order-catalog").orElseThrow()
                .getSpec().setTopics(List.of("catalogue")));

        assertThat(added(changed)).contains(
                "KafkaSource/order-catalog: topic catalogue has no KafkaTopic",
                "order-service's channel catalog (topic catalog): no KafkaSource pushes it to the Knative Service order-service at /events",
                "order-service consumes processflow.catalog.product-upserted but no KafkaSource pushes its topic catalog to it");
    }

    @Test
    void aSinkRenamedInDeployOnly() {
        Suite changed = changeManifests(m -> m.named(KafkaSource.class, "order-inventory").orElseThrow()
                .getSpec().getSink().getRef().setName("orders-service"));

        assertThat(added(changed)).contains(
                "KafkaSource/order-inventory: sink Knative Service orders-service does not exist in deploy/",
                "order-service consumes processflow.inventory.reserved but no KafkaSource pushes its topic inventory to it");
    }

    @Test
    void aSinkPathThatIsNotThePushEndpoint() {
        Suite changed = changeManifests(m -> m.named(PingSource.class, "saga-timeout-sweep").orElseThrow()
                .getSpec().getSink().setUri("/ping"));

        assertThat(added(changed)).containsExactly(
                "PingSource/saga-timeout-sweep: sink uri /ping is not the services' push endpoint /events");
    }

    @Test
    void unorderedOrLateStartingDelivery() {
        Suite changed = changeManifests(m -> {
            KafkaSource source = m.named(KafkaSource.class, "payment-orders").orElseThrow();
            source.getSpec().setOrdering("unordered");
            source.getSpec().setInitialOffset("latest");
            source.getSpec().getDelivery().setBackoffPolicy("linear");
        });

        assertThat(added(changed)).containsExactly(
                "KafkaSource/payment-orders: ordering must be ordered, the saga relies on the order of an aggregate's events",
                "KafkaSource/payment-orders: initialOffset must be earliest like the pull consumers, or a new group skips events already on the topic",
                "KafkaSource/payment-orders: delivery.backoffPolicy should be exponential, not linear");
    }

    @Test
    void aDeadLetterTopicOrConsumerGroupChangedOnOneSide() {
        Suite changed = suite.withConfig(orderConfig()
                .with("mp.messaging.incoming.notifications.dead-letter-queue.topic", "notifications.dead")
                .with("mp.messaging.incoming.notifications.group.id", "orders-notifications"));

        assertThat(added(changed)).contains(
                "topic notifications.dead named by order-service's channel notifications (dead-letter-queue.topic) has no KafkaTopic in deploy/",
                "KafkaSource/order-notifications: dead-letters to topic notifications.dlq but order-service's channel notifications (topic notifications) dead-letters to notifications.dead",
                "KafkaSource/order-notifications: consumerGroup order-service-notifications differs from order-service's channel notifications (topic notifications) group.id orders-notifications");
    }

    @Test
    void aMissingDeadLetterSinkOrTopic() {
        Suite changed = suite.withManifests(suite.manifests().without(KafkaSink.class, "payments-dlq").without(KafkaTopic.class, "images-dlq"));

        assertThat(added(changed)).contains(
                "KafkaSource/order-payments: dead-letter KafkaSink payments-dlq does not exist in deploy/",
                "topic images.dlq named by the event contract (events/Topics) has no KafkaTopic in deploy/",
                "KafkaSink/images-dlq: topic images.dlq has no KafkaTopic");
    }

    @Test
    void aServiceThatCannotScaleToZero() {
        Suite pinned = changeManifests(m -> m.named(Service.class, ORDER).orElseThrow()
                .getSpec().getTemplate().getMetadata().getAnnotations().put(DeployCheck.MIN_SCALE, "1"));
        Suite pulling = suite.withConfig(orderConfig().without("%knative.mp.messaging.incoming.catalog.enabled"));

        assertThat(added(pinned)).containsExactly(
                "Knative Service order-service: cannot scale to zero, autoscaling.knative.dev/min-scale is 1 (must be \"0\")");
        assertThat(added(pulling)).containsExactly(
                "Knative Service order-service: cannot scale to zero, channel catalog stays enabled under profiles [prod, knative]"
                        + " (set %knative.mp.messaging.incoming.catalog.enabled=false in order-service's application.properties)");
    }

    @Test
    void theCatalogTopicMustStayCompacted() {
        Suite changed = changeManifests(m -> m.named(KafkaTopic.class, "catalog").orElseThrow()
                .getSpec().getConfig().put("cleanup.policy", "delete"));

        assertThat(added(changed)).containsExactly(
                "KafkaTopic/catalog: the catalog topic must be compacted (cleanup.policy: compact), it is a table keyed by sku");
    }

    @Test
    void secretAndConfigReferencesMustResolve() {
        Suite changed = changeManifests(m -> {
            m.named(Secret.class, "processflow-database").orElseThrow().getData().remove("password");
            m.named(ConfigMap.class, "processflow-config").orElseThrow().getData().remove("QUARKUS_MAILER_HOST");
        });

        assertThat(added(changed)).contains(
                "Knative Service order-service: env QUARKUS_DATASOURCE_PASSWORD reads key password that Secret processflow-database lacks",
                "StatefulSet/postgres: env POSTGRES_PASSWORD reads key password that Secret processflow-database lacks",
                "Knative Service notification-service: env QUARKUS_MAILER_HOST reads key QUARKUS_MAILER_HOST that ConfigMap processflow-config lacks");
    }

    @Test
    void anAddressMustNameAServiceOfDeploy() {
        Suite changed = changeManifests(m -> m.named(ConfigMap.class, "processflow-config").orElseThrow()
                .getData().put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(added(changed)).contains("Knative Service order-service KAFKA_BOOTSTRAP_SERVERS: bootstrap server kafka:9092 is none of"
                + " the Kafka cluster's [processflow-kafka-bootstrap.processflow.svc:9092]");
    }

    @Test
    void anEnvironmentVariableTheServiceDoesNotRead() {
        Suite changed = changeManifests(m -> m.named(Service.class, ORDER).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().add(new EnvVar("PROCESSFLOW_SAGA_TIMOUT", "45s", null)));
        Suite known = changeManifests(m -> m.named(Service.class, ORDER).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().add(new EnvVar("PROCESSFLOW_SAGA_TIMEOUT", "45s", null)));

        assertThat(added(changed)).containsExactly("Knative Service order-service: env PROCESSFLOW_SAGA_TIMOUT is read neither by order-service's"
                + " application.properties nor by its config mappings");
        assertThat(added(known)).isEmpty();
    }

    @Test
    void anS3VariableRenamedInDeployOnly() {
        assumeTrue(suite.config("image-service").isPresent(), "image-service has no application.properties yet");
        Suite changed = changeManifests(m -> m.named(Service.class, "image-service").orElseThrow().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("PROCESSFLOW_IMAGE_S3_ENDPOINT"))
                .findFirst().orElseThrow().setName("PROCESSFLOW_IMAGE_S3_URL"));

        assertThat(added(changed)).containsExactly("Knative Service image-service: env PROCESSFLOW_IMAGE_S3_URL is read neither by"
                + " image-service's application.properties nor by its config mappings");
    }

    @Test
    void aDatabaseRenamedInTheServiceConfigOnly() {
        Suite changed = suite.withConfig(orderConfig().with("%prod.quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:5432/ordering"));

        assertThat(added(changed)).containsExactly("Knative Service order-service: database orders differs from order-service's"
                + " %prod.quarkus.datasource.jdbc.url database ordering");
    }

    @Test
    void sagaTimeoutsNeedThePingSource() {
        Suite changed = suite.withManifests(suite.manifests().without(PingSource.class, "saga-timeout-sweep"));

        assertThat(added(changed)).containsExactly("order-service needs dev.knative.sources.ping events but no PingSource sends them to it",
                "Knative Service order-service: push sender SWEEP (system:serviceaccount:processflow:saga-timeout-sweep-oidc-sources.knative.dev-pingsource)"
                        + " is no KafkaSource or PingSource sinking here");
    }

    private ServiceConfig orderConfig() {
        return suite.config(ORDER).orElseThrow();
    }

    private Suite changeManifests(Consumer<Manifests> change) {
        Manifests copy = suite.manifests().copy();
        change.accept(copy);
        return suite.withManifests(copy);
    }

    private List<String> added(Suite changed) {
        List<String> findings = new ArrayList<>(DeployCheck.findings(changed));
        findings.removeAll(baseline);
        return findings;
    }
}
