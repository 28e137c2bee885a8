package dev.processflow.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates manifests against the projects' own schemas with the Node validator the build installs
 * ({@code src/main/node}, {@code npm ci} into {@code target/schema-validator}): Kubernetes and Knative kinds against
 * kubernetes-models and @kubernetes-models/knative, Strimzi's against the CRDs its generator made from
 * {@code io.strimzi:api} ({@code target/strimzi-crds}). Unknown fields, wrong types, missing required fields and values
 * outside an enum are problems.
 */
public final class SchemaValidation {

    /**
     * Kinds whose project publishes no schema to a registry reachable here (Knative's eventing-kafka-broker ships its
     * CRDs only with its release files): {@link ModelCheck} holds them to fabric8's generated models instead.
     */
    public static final Set<String> WITHOUT_PUBLISHED_SCHEMA = Set.of(
            "sources.knative.dev/v1beta1/KafkaSource", "eventing.knative.dev/v1alpha1/KafkaSink");

    private final Path node;
    private final Path validator;
    private final Path crds;

    public SchemaValidation(Path node, Path validator, Path crds) {
        this.node = node;
        this.validator = validator;
        this.crds = crds;
    }

    /** The validator and CRDs the Maven build prepared in this module's target directory. */
    public static SchemaValidation built(Repo repo) {
        Path target = repo.root().resolve("deploy-check/target");
        Path validator = target.resolve("schema-validator/validate.mjs");
        Path crds = target.resolve("strimzi-crds");
        if (!Files.isDirectory(validator.resolveSibling("node_modules")) || !Files.isDirectory(crds)) {
            throw new IllegalStateException("no schema validator in " + target + ": run the deploy-check module's Maven build"
                    + " (process-test-resources installs it with npm ci and generates the Strimzi CRDs)");
        }
        Path node = Processes.onPath("node").orElseThrow(() -> new IllegalStateException("node is not on the PATH"));
        return new SchemaValidation(node, validator, crds);
    }

    /** Every problem in these multi-document YAML files, one line each; empty when all of them validate. */
    public List<String> problems(List<Path> files, Set<String> unchecked) {
        List<String> command = new ArrayList<>(List.of(node.toString(), validator.toString(), "--crds", crds.toString()));
        unchecked.forEach(kind -> command.addAll(List.of("--unchecked", kind)));
        files.forEach(f -> command.add(f.toString()));
        Processes.Result result = Processes.exec(Duration.ofSeconds(120), command.toArray(String[]::new));
        List<String> problems = result.stdout().lines().filter(l -> !l.isBlank()).toList();
        if (result.exitCode() != 0 && problems.isEmpty()) {
            throw new IllegalStateException("the schema validator failed: " + result.stderr());
        }
        return problems;
    }
}
