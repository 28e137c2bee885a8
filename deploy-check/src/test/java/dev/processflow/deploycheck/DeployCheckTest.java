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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
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
    private static final String PAYMENT = "payment-service";

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
        Suite changed = changeManifests(m -> m.named(PingSource.class, "order-sweeps").orElseThrow()
                .getSpec().getSink().setUri("/ping"));

        assertThat(added(changed)).containsExactly(
                "PingSource/order-sweeps: sink uri /ping is not the services' push endpoint /events");
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
    void everyServiceWithSweepsHasItsOwnPingSource() {
        assertThat(suite.sweeping()).containsExactlyInAnyOrder(ORDER, PAYMENT, "inventory-service", "notification-service",
                "image-service");
        Suite missing = suite.withManifests(suite.manifests().without(PingSource.class, "payment-sweeps"));
        Suite twice = changeManifests(m -> m.named(PingSource.class, "image-sweeps").orElseThrow()
                .getSpec().getSink().getRef().setName(PAYMENT));

        assertThat(added(missing)).containsExactly("payment-service runs its sweeps on dev.knative.sources.ping but no"
                + " PingSource sends it one, so its periodic work stops while it is scaled to zero",
                "Knative Service payment-service: push sender SWEEPS (system:serviceaccount:processflow:payment-sweeps-oidc-sources"
                        + ".knative.dev-pingsource) is no KafkaSource or PingSource sinking here");
        assertThat(added(twice)).contains(
                "payment-service is ticked by 2 PingSources [PingSource/image-sweeps, PingSource/payment-sweeps], one runs all its sweeps",
                "image-service runs its sweeps on dev.knative.sources.ping but no PingSource sends it one, so its periodic"
                        + " work stops while it is scaled to zero",
                "PingSource/image-sweeps: sink.audience serving.knative.dev/service/processflow/image-service is not Knative"
                        + " Service payment-service's PROCESSFLOW_PUSH_AUDIENCE serving.knative.dev/service/processflow/payment-service",
                "Knative Service payment-service: PingSource/image-sweeps pushes here as system:serviceaccount:processflow:"
                        + "image-sweeps-oidc-sources.knative.dev-pingsource, which no push sender allows"
                        + " (processflow.push.senders.<name>.subject or PROCESSFLOW_PUSH_SENDERS_<NAME>_SUBJECT)");
    }

    @Test
    void aServiceAcceptsTicksOnlyFromItsOwnPingSource() {
        Suite otherSource = changeManifests(m -> env(m, "notification-service", "PROCESSFLOW_PUSH_SENDERS_SWEEPS_PING_SOURCE")
                .setValue("/apis/v1/namespaces/processflow/pingsources/order-sweeps"));
        Suite stale = suite.withConfig(orderConfig()
                .with("%knative.processflow.push.senders.saga-timeout.subject",
                        "system:serviceaccount:processflow:saga-timeout-sweep-oidc-sources.knative.dev-pingsource")
                .with("%knative.processflow.push.senders.saga-timeout.ping-source",
                        "/apis/v1/namespaces/processflow/pingsources/saga-timeout-sweep"));
        Suite pulling = suite.withConfig(orderConfig()
                .with("%knative.processflow.push.senders.sweeps.ping-source", "/apis/v1/namespaces/processflow/pingsources/x"));

        assertThat(added(otherSource)).containsExactly("Knative Service notification-service: push sender SWEEPS allows"
                + " PING_SOURCE=/apis/v1/namespaces/processflow/pingsources/order-sweeps but PingSource/notification-sweeps"
                + " delivers PING_SOURCE=/apis/v1/namespaces/processflow/pingsources/notification-sweeps");
        assertThat(added(stale)).containsExactly("Knative Service order-service: push sender SAGA_TIMEOUT"
                + " (system:serviceaccount:processflow:saga-timeout-sweep-oidc-sources.knative.dev-pingsource) is no KafkaSource"
                + " or PingSource sinking here");
        assertThat(added(pulling)).as("the manifest's variable overrides the property").isEmpty();
    }

    private static EnvVar env(Manifests m, String service, String name) {
        return m.named(Service.class, service).orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aServiceReadsExactlyTheDeadLettersOfTheTopicsItOwns() {
        ServiceConfig payment = suite.config(PAYMENT).orElseThrow();
        Suite foreign = suite.withConfig(payment.with(KafkaAccess.REDRIVEN, "payments.dlq,orders.dlq"));
        Suite unserved = suite.withConfig(payment.without(KafkaAccess.REDRIVEN));
        Suite unread = changeManifests(m -> paymentAcls(m).removeIf(rule -> rule.getResource() instanceof AclRuleTopicResource t
                && t.getName().equals("payments.dlq")));
        Suite overread = changeManifests(m -> paymentAcls(m).add(new AclRuleBuilder()
                .withResource(new AclRuleTopicResourceBuilder().withName("orders.dlq")
                        .withPatternType(AclResourcePatternType.LITERAL).build())
                .withOperations(AclOperation.READ, AclOperation.DESCRIBE).build()));

        assertThat(added(foreign)).containsExactly("payment-service's processflow.dead-letters.topics names orders.dlq,"
                + " which is not the dead-letter topic of a topic it owns [payments]: it may neither read nor redrive it");
        assertThat(added(unserved)).containsExactly(
                "payment-service's processflow.dead-letters.topics lacks payments.dlq, so no operator could redrive the dead"
                        + " letters of its own topic",
                "KafkaUser/payment-service: grants [Read topic payments.dlq] beyond what payment-service owns, consumes and redrives");
        assertThat(added(unread)).containsExactly(
                "KafkaUser/payment-service: lacks [Read topic payments.dlq], needed for what payment-service owns, consumes and redrives");
        assertThat(added(overread)).containsExactly("KafkaUser/payment-service: grants [Describe topic orders.dlq, Read topic"
                + " orders.dlq] beyond what payment-service owns, consumes and redrives");
    }

    @Test
    void thePaymentProviderIsChosenExplicitlyAndKeepsItsJournal() {
        Suite unchosen = changeManifests(m -> m.named(Service.class, PAYMENT).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().removeIf(e -> e.getName().equals("PROCESSFLOW_PAYMENT_GATEWAY")));
        Suite volatileProvider = changeManifests(m -> {
            Deployment provider = m.named(Deployment.class, "payment-provider").orElseThrow();
            provider.getSpec().setReplicas(2);
            provider.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().clear();
        });
        Suite unreachable = suite.withManifests(suite.manifests().without(NetworkPolicy.class, "payment-provider-ingress"));

        assertThat(added(unchosen)).containsExactly("Knative Service payment-service: chooses no payment gateway"
                + " (PROCESSFLOW_PAYMENT_GATEWAY), so payment-service refuses to start");
        assertThat(added(volatileProvider)).containsExactlyInAnyOrder(
                "Deployment/payment-provider (Knative Service payment-service PROCESSFLOW_PAYMENT_PROVIDER_URL): replicas must"
                        + " be 1, one process owns the provider's journal",
                "Deployment/payment-provider (Knative Service payment-service PROCESSFLOW_PAYMENT_PROVIDER_URL): needs a"
                        + " PersistentVolumeClaim mounted at /data, or its journal (every authorization and idempotency key)"
                        + " is lost with the pod");
        assertThat(added(unreachable)).containsExactly("NetworkPolicy: ingress Knative Service payment-service"
                + " (PROCESSFLOW_PAYMENT_PROVIDER_URL) -> payment-provider:8085 is not allowed");
    }

    private static List<AclRule> paymentAcls(Manifests m) {
        KafkaUserAuthorizationSimple simple = (KafkaUserAuthorizationSimple) m.named(KafkaUser.class, PAYMENT).orElseThrow()
                .getSpec().getAuthorization();
        simple.setAcls(new ArrayList<>(simple.getAcls()));
        return simple.getAcls();
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
