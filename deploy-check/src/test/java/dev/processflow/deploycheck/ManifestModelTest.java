package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.Topics;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/ parses into typed models, field by field, and kustomization.yaml covers every manifest. */
class ManifestModelTest {

    private final Repo repo = Repo.locate();
    private final Manifests manifests = Kustomize.load(repo.deploy(), Manifests.serialization());

    @Test
    void everyDocumentIsATypedModelWithOnlyKnownFields() {
        assertThat(ModelCheck.findings(manifests)).isEmpty();
        assertThat(manifests.all(Service.class)).hasSize(Contract.SERVICES.size() + 1);
        assertThat(manifests.all(KafkaSource.class)).isNotEmpty();
        assertThat(manifests.all(KafkaTopic.class)).hasSize(Topics.ALL.size() * 2);
        assertThat(manifests.all()).allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
    }

    @Test
    void aMisspeltFieldOrKindIsReported() {
        String yaml = """
                apiVersion: sources.knative.dev/v1beta1
                kind: KafkaSource
                metadata:
                  name: typo
                spec:
                  topics: [orders]
                  consumerGrop: payment-service
                ---
                apiVersion: serving.knative.dev/v1
                kind: Servise
                metadata:
                  name: wrong-kind
                """;
        List<HasMetadata> parsed = Manifests.parse(manifests.serializer(), yaml, "inline");

        assertThat(ModelCheck.findings(new Manifests(manifests.serializer(), "processflow", parsed))).containsExactly(
                "KafkaSource/typo.spec: unknown field(s) [consumerGrop]",
                "Servise/wrong-kind: no typed model for apiVersion serving.knative.dev/v1 (misspelt kind or apiVersion?)");
    }

    @Test
    void kustomizationListsEveryManifestAndNothingElse() throws IOException {
        Kustomize.Kustomization k = Kustomize.read(repo.deploy());
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(repo.deploy())) {
            onDisk = files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> repo.deploy().relativize(p).toString().replace('\\', '/')).collect(Collectors.toSet());
        }
        assertThat(k.namespace()).isEqualTo("processflow");
        assertThat(Set.copyOf(k.resources())).isEqualTo(onDisk);
        assertThat(k.images()).containsExactlyInAnyOrderElementsOf(Stream.concat(
                Contract.SERVICES.stream().map(s -> "processflow/" + s.name()), Stream.of("processflow/console",
                "processflow/payment-provider")).toList());
    }

    @Test
    void noSecretValueIsCommitted() throws IOException {
        try (Stream<Path> files = Files.walk(repo.deploy())) {
            for (Path yaml : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(Files.readString(yaml)).as(yaml.toString()).doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
            }
        }
        for (Kustomize.Generator g : Kustomize.read(repo.deploy()).secretGenerators()) {
            assertThat(g.envs()).allSatisfy(env -> assertThat(env).endsWith(".env.example"));
            for (String env : g.envs()) {
                Properties values = new Properties();
                try (var reader = Files.newBufferedReader(repo.deploy().resolve(env))) {
                    values.load(reader);
                }
                values.stringPropertyNames().stream().filter(key -> key.matches("(?i).*(password|secret|token).*"))
                        .forEach(key -> assertThat(values.getProperty(key)).as(env + " " + key).startsWith("CHANGE_ME"));
            }
        }
        Map<String, Secret> secrets = manifests.all(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        assertThat(secrets).containsOnlyKeys("processflow-database", "processflow-object-storage",
                "processflow-keycloak-admin", "knative-kafka-source", "knative-kafka-dead-letter", "processflow-console",
                "payment-provider-admin", "payment-provider-api");
    }
}
