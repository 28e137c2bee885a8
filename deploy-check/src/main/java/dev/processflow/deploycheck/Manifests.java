package dev.processflow.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes documents parsed into fabric8's typed models: core and Knative kinds through fabric8's own registry,
 * Strimzi's Kafka, KafkaNodePool, KafkaTopic and KafkaUser through {@code io.strimzi:api}, whose classes serve both
 * {@code kafka.strimzi.io/v1beta2} and {@code v1}. A kind no model knows stays a {@code GenericKubernetesResource},
 * which {@link ModelCheck} reports. The schemas themselves are checked by {@link SchemaValidation}.
 */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final KubernetesSerialization serialization;
    private final String namespace;
    private final List<HasMetadata> resources;

    public Manifests(KubernetesSerialization serialization, String namespace, List<HasMetadata> resources) {
        this.serialization = serialization;
        this.namespace = namespace;
        this.resources = List.copyOf(resources);
    }

    /** The Strimzi API version deploy/ targets. */
    public static final String STRIMZI_V1 = "kafka.strimzi.io/v1";

    public static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (Class<? extends HasMetadata> kind : List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class)) {
            serialization.registerKubernetesResource(kind);
            serialization.registerKubernetesResource(STRIMZI_V1, HasMetadata.getKind(kind), kind);
        }
        return serialization;
    }

    /** Every non-empty document of a multi-document YAML stream, typed. */
    public static List<HasMetadata> parse(KubernetesSerialization serialization, String yaml, String origin) {
        List<HasMetadata> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                Object resource = serialization.convertValue(document, KubernetesResource.class);
                if (!(resource instanceof HasMetadata typed)) {
                    throw new IllegalArgumentException(origin + ": a document that is not a Kubernetes object: " + document);
                }
                parsed.add(typed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(origin + ": not YAML", e);
        }
        return parsed;
    }

    public KubernetesSerialization serializer() {
        return serialization;
    }

    /** The namespace every namespaced object lands in. */
    public String namespace() {
        return namespace;
    }

    public List<HasMetadata> all() {
        return resources;
    }

    public <T extends HasMetadata> List<T> all(Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
        return all(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    /** A deep copy, for tests that change one side in memory. */
    public Manifests copy() {
        return new Manifests(serialization, namespace, resources.stream().map(serialization::clone).toList());
    }

    /** A copy without the objects of one kind and name, for tests. */
    public Manifests without(Class<? extends HasMetadata> kind, String name) {
        return new Manifests(serialization, namespace, resources.stream()
                .filter(r -> !(kind.isInstance(r) && name.equals(r.getMetadata().getName())))
                .map(serialization::clone).toList());
    }
}
