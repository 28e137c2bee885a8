package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every manifest of deploy/ validates against the projects' schemas, which refuse unknown fields and wrong types. */
class SchemaValidationTest {

    private final Repo repo = Repo.locate();
    private final SchemaValidation schemas = SchemaValidation.built(repo);

    @Test
    void everyManifestOfDeployValidates() {
        List<Path> files = Kustomize.read(repo.deploy()).resources().stream().map(repo.deploy()::resolve).toList();

        assertThat(schemas.problems(files, SchemaValidation.WITHOUT_PUBLISHED_SCHEMA)).isEmpty();
    }

    @Test
    void whatKubectlRendersValidatesToo(@TempDir Path dir) throws IOException {
        Optional<Path> kubectl = Kustomize.kubectl();
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");
        Path rendered = Files.writeString(dir.resolve("rendered.yaml"), Kustomize.render(kubectl.get(), repo.deploy()));

        assertThat(schemas.problems(List.of(rendered), SchemaValidation.WITHOUT_PUBLISHED_SCHEMA)).isEmpty();
    }

    @Test
    void anUnknownFieldFailsWhereverItIs(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("unknown.yaml"), """
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata:
                  name: order-service
                  lables: {app: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: order-service
                          image: processflow/order-service
                          imagePullPolcy: Always
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: orders
                spec:
                  partitions: 6
                  confg: {cleanup.policy: delete}
                ---
                apiVersion: sources.knative.dev/v1
                kind: PingSource
                metadata:
                  name: tick
                spec:
                  schedule: "*/15 * * * *"
                  sink:
                    ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: order-service}
                    audiance: order-service
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny
                spec:
                  podSelector: {}
                  policyType: [Ingress]
                """);

        assertThat(schemas.problems(List.of(file), Set.of())).containsExactly(
                file + "#0 Service/order-service: at /metadata/lables: unknown field \"lables\"",
                file + "#0 Service/order-service: at /spec/template/spec/containers/0/imagePullPolcy: unknown field \"imagePullPolcy\"",
                file + "#1 KafkaTopic/orders: at /spec: must NOT have additional properties (\"confg\")",
                file + "#2 PingSource/tick: at /spec/sink/audiance: unknown field \"audiance\"",
                file + "#3 NetworkPolicy/deny: at /spec/policyType: unknown field \"policyType\"");
    }

    @Test
    void aWrongTypeOrValueFails(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("types.yaml"), """
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata:
                  name: order-service
                spec:
                  template:
                    spec:
                      containers:
                        - name: order-service
                          image: processflow/order-service
                          ports:
                            - containerPort: "8080"
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata:
                  name: order-service
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: orders}
                        operations: [Wrte]
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: orders
                spec:
                  partitions: six
                """);

        assertThat(schemas.problems(List.of(file), Set.of())).containsExactly(
                file + "#0 Service/order-service: at /spec/template/spec/containers/0/ports/0/containerPort: must be integer",
                file + "#1 KafkaUser/order-service: at /spec/authorization/acls/0/operations/0: must be equal to one of the allowed values"
                        + " (Read, Write, Create, Delete, Alter, Describe, ClusterAction, AlterConfigs, DescribeConfigs, IdempotentWrite, All)",
                file + "#2 KafkaTopic/orders: at /spec/partitions: must be integer");
    }

    @Test
    void onlyKindsWithoutAPublishedSchemaAreLeftToTheTypedModels(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("kafka-broker.yaml"), """
                apiVersion: sources.knative.dev/v1beta1
                kind: KafkaSource
                metadata:
                  name: source
                ---
                apiVersion: eventing.knative.dev/v1alpha1
                kind: KafkaSink
                metadata:
                  name: sink
                """);

        assertThat(schemas.problems(List.of(file), Set.of())).containsExactly(
                file + "#0 KafkaSource/source: no schema for apiVersion sources.knative.dev/v1beta1 kind KafkaSource",
                file + "#1 KafkaSink/sink: no schema for apiVersion eventing.knative.dev/v1alpha1 kind KafkaSink");
        assertThat(schemas.problems(List.of(file), SchemaValidation.WITHOUT_PUBLISHED_SCHEMA)).isEmpty();
    }
}
