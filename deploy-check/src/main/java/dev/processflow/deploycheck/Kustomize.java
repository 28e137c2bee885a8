package dev.processflow.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of kustomize that deploy/ uses (resources, namespace, configMap/secret generators from files), so the
 * checks run offline without kubectl; and a runner for {@code kubectl kustomize} where kubectl exists, whose output
 * must agree.
 */
public final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomize() {
    }

    public record Generator(String name, List<String> envs, List<String> files) {
    }

    public record Kustomization(Path directory, String namespace, List<String> resources,
            List<Generator> configMapGenerators, List<Generator> secretGenerators, List<String> images) {
    }

    public static Kustomization read(Path directory) {
        JsonNode root;
        try {
            root = YAML.readTree(directory.resolve("kustomization.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> images = new ArrayList<>();
        root.path("images").forEach(i -> images.add(i.path("name").asText()));
        return new Kustomization(directory, root.path("namespace").asText(null), texts(root.path("resources")),
                generators(root.path("configMapGenerator")), generators(root.path("secretGenerator")), images);
    }

    /** What {@code kubectl kustomize} renders, built from the files: resources and generated objects, namespaced. */
    public static Manifests load(Path directory, KubernetesSerialization serialization) {
        Kustomization k = read(directory);
        List<HasMetadata> resources = new ArrayList<>();
        for (String resource : k.resources()) {
            resources.addAll(Manifests.parse(serialization, readString(directory.resolve(resource)), resource));
        }
        for (Generator g : k.configMapGenerators()) {
            resources.add(new ConfigMapBuilder().withNewMetadata().withName(g.name()).endMetadata()
                    .withData(generatedData(directory, g)).build());
        }
        for (Generator g : k.secretGenerators()) {
            Map<String, String> data = new LinkedHashMap<>();
            generatedData(directory, g).forEach((key, value) ->
                    data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            resources.add(new SecretBuilder().withNewMetadata().withName(g.name()).endMetadata()
                    .withType("Opaque").withData(data).build());
        }
        if (k.namespace() != null) {
            resources.stream().filter(Namespaced.class::isInstance)
                    .forEach(r -> r.getMetadata().setNamespace(k.namespace()));
        }
        return new Manifests(serialization, k.namespace(), resources);
    }

    /** kubectl on the PATH, if any. */
    public static Optional<Path> kubectl() {
        return Processes.onPath("kubectl");
    }

    /** {@code kubectl kustomize <directory>}: the rendered stream, or an exception carrying kubectl's message. */
    public static String render(Path kubectl, Path directory) {
        return Processes.run(Duration.ofSeconds(60), kubectl.toString(), "kustomize", directory.toString());
    }

    private static Map<String, String> generatedData(Path directory, Generator g) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String envFile : g.envs()) {
            for (String line : readString(directory.resolve(envFile)).split("\n")) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(envFile + ": not KEY=VALUE: " + line);
                }
                data.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        }
        for (String file : g.files()) {
            data.put(Path.of(file).getFileName().toString(), readString(directory.resolve(file)));
        }
        return data;
    }

    private static List<Generator> generators(JsonNode node) {
        List<Generator> generators = new ArrayList<>();
        node.forEach(g -> generators.add(new Generator(g.path("name").asText(), texts(g.path("envs")), texts(g.path("files")))));
        return generators;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
