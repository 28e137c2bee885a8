package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl kustomize deploy/} renders offline, and what it renders is exactly what the checks looked at. */
class KustomizeRenderTest {

    private final Repo repo = Repo.locate();
    private Path kubectl;

    @BeforeEach
    void requireKubectl() {
        Optional<Path> found = Kustomize.kubectl();
        assumeTrue(found.isPresent(), "kubectl is not on the PATH; the file-based checks still ran");
        kubectl = found.get();
    }

    @Test
    void renderedObjectsAreTheFilesObjectsAndPassTheSameChecks() {
        Manifests files = Kustomize.load(repo.deploy(), Manifests.serialization());
        Manifests rendered = new Manifests(files.serializer(), files.namespace(),
                Manifests.parse(files.serializer(), Kustomize.render(kubectl, repo.deploy()), "kubectl kustomize deploy/"));

        assertThat(ids(rendered)).isEqualTo(ids(files));
        assertThat(ModelCheck.findings(rendered)).isEmpty();
        assertThat(DeployCheck.findings(Suite.load(repo, rendered))).isEqualTo(DeployCheck.findings(Suite.load(repo, files)));
        assertThat(rendered.all(Service.class)).allSatisfy(ksvc -> assertThat(ksvc.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).matches("dev\\.local/processflow/[a-z-]+:1\\.0\\.0-SNAPSHOT|nginxinc/.*"));
        assertThat(rendered.all()).allSatisfy(r -> assertThat(r.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "processflow"));
    }

    @Test
    void aProductionOverlayReplacesThePlaceholderSecretsAndImages(@TempDir Path overlay) throws IOException {
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                resources:
                  - %s
                secretGenerator:
                  - name: processflow-database
                    behavior: replace
                    envs: [database.env]
                generatorOptions:
                  disableNameSuffixHash: true
                images:
                  - name: dev.local/processflow/order-service
                    newName: registry.example.com/processflow/order-service
                    newTag: "2.0.0"
                """.formatted(overlay.relativize(repo.deploy()).toString().replace('\\', '/')));
        Files.writeString(overlay.resolve("database.env"), "username=orders_app\npassword=from-the-vault\n");

        Manifests files = Kustomize.load(repo.deploy(), Manifests.serialization());
        Manifests rendered = new Manifests(files.serializer(), files.namespace(),
                Manifests.parse(files.serializer(), Kustomize.render(kubectl, overlay), "production overlay"));

        assertThat(ids(rendered)).isEqualTo(ids(files));
        Secret database = rendered.named(Secret.class, "processflow-database").orElseThrow();
        assertThat(decode(database, "password")).isEqualTo("from-the-vault");
        assertThat(decode(database, "username")).isEqualTo("orders_app");
        assertThat(rendered.named(Service.class, "order-service").orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("registry.example.com/processflow/order-service:2.0.0");
    }

    private static Set<String> ids(Manifests manifests) {
        return manifests.all().stream().map(KustomizeRenderTest::id).collect(Collectors.toSet());
    }

    private static String id(HasMetadata r) {
        return r.getApiVersion() + " " + r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
