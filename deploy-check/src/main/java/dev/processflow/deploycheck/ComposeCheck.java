package dev.processflow.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.processflow.deploycheck.Contract.ServiceSpec;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cross-checks docker-compose.yml against the services' configuration, the topics of deploy/ and the shared
 * PostgreSQL init script: the local stack and the cluster must run the same suite.
 */
public final class ComposeCheck {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String INIT_SQL = "./deploy/postgres/init-databases.sql";

    private final Repo repo;
    private final JsonNode services;
    private final Suite suite;
    private final List<String> findings = new ArrayList<>();

    private ComposeCheck(Repo repo, JsonNode compose, Suite suite) {
        this.repo = repo;
        this.services = compose.path("services");
        this.suite = suite;
    }

    public static JsonNode read(Repo repo) {
        try {
            return YAML.readTree(repo.compose().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** topics.txt of the topic-init container: name to cleanup.policy. */
    public static Map<String, String> topicsFile(String text) {
        Map<String, String> topics = new TreeMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            topics.put(fields[0], fields.length > 2 ? fields[2] : "delete");
        }
        return topics;
    }

    public static List<String> findings(Repo repo, JsonNode compose, Suite suite, String topicsFile) {
        ComposeCheck check = new ComposeCheck(repo, compose, suite);
        check.kafka(topicsFile);
        check.postgres();
        for (ServiceSpec spec : Contract.SERVICES) {
            check.service(spec);
        }
        return List.copyOf(check.findings);
    }

    private void add(String finding) {
        findings.add(finding);
    }

    private void kafka(String topicsFile) {
        JsonNode kafka = services.path("kafka");
        if (kafka.isMissingNode()) {
            add("docker-compose: no kafka service");
            return;
        }
        if (!kafka.path("image").asText().startsWith("apache/kafka:4.1.")) {
            add("docker-compose kafka: image " + kafka.path("image").asText() + " is not apache/kafka:4.1.x");
        }
        Map<String, String> env = environment(kafka);
        if (!env.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller")) {
            add("docker-compose kafka: not a KRaft controller (KAFKA_PROCESS_ROLES)");
        }
        if (!"false".equals(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
            add("docker-compose kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be false so only the declared topics exist");
        }
        JsonNode init = services.path("kafka-topics");
        if (init.isMissingNode() || !init.path("entrypoint").toString().contains("create-topics.sh")
                || !init.path("volumes").toString().contains("./docker/kafka:")) {
            add("docker-compose: the kafka-topics service must run ./docker/kafka/create-topics.sh");
        }
        dependsOn("kafka-topics", init, "kafka", "service_healthy");
        Map<String, String> declared = topicsFile(topicsFile);
        Map<String, String> cluster = new TreeMap<>();
        for (KafkaTopic t : suite.manifests().all(KafkaTopic.class)) {
            Object policy = Optional.ofNullable(t.getSpec().getConfig()).orElse(Map.of()).getOrDefault("cleanup.policy", "delete");
            cluster.put(DeployCheck.topicName(t), policy.toString());
        }
        if (!declared.equals(cluster)) {
            add("docker/kafka/topics.txt " + declared + " differs from deploy/kafka/topics.yaml " + cluster
                    + " (topic names and cleanup.policy)");
        }
    }

    private void postgres() {
        JsonNode postgres = services.path("postgres");
        if (postgres.isMissingNode()) {
            add("docker-compose: no postgres service");
            return;
        }
        if (!postgres.path("volumes").toString().contains(INIT_SQL + ":/docker-entrypoint-initdb.d/")) {
            add("docker-compose postgres: must mount " + INIT_SQL + " into /docker-entrypoint-initdb.d/, one database per service");
        }
        if (postgres.path("healthcheck").isMissingNode()) {
            add("docker-compose postgres: no healthcheck");
        }
    }

    private void service(ServiceSpec spec) {
        String id = "docker-compose " + spec.name();
        JsonNode s = services.path(spec.name());
        if (s.isMissingNode()) {
            add(id + ": missing");
            return;
        }
        Optional<ServiceConfig> config = suite.config(spec.name());
        JsonNode build = s.path("build");
        String dockerfile = build.path("dockerfile").asText("");
        if (dockerfile.isEmpty() || !Files.isRegularFile(repo.root().resolve(build.path("context").asText(".")).resolve(dockerfile))) {
            add(id + ": build.dockerfile " + dockerfile + " does not exist");
        }
        if (!spec.name().equals(build.path("args").path("SERVICE").asText())) {
            add(id + ": build.args.SERVICE must be " + spec.name() + " (the module whose target/quarkus-app goes in the image)");
        }
        if (!s.path("image").asText().startsWith("processflow/" + spec.name() + ":")) {
            add(id + ": image " + s.path("image").asText() + " is not processflow/" + spec.name() + ":<tag>, the name deploy/ uses");
        }
        Map<String, String> env = environment(s);
        List<String> profiles = env.containsKey("QUARKUS_PROFILE")
                ? Arrays.stream(env.get("QUARKUS_PROFILE").split(",")).map(String::trim).toList() : DeployCheck.PROD;
        int port = config.map(c -> c.httpPort(profiles)).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)
                .orElse(spec.port());
        if (port != spec.port()) {
            add(spec.name() + ": quarkus.http.port " + port + " is not the design's local-stack port " + spec.port());
        }
        if (!textValues(s.path("ports")).contains(port + ":" + port)) {
            add(id + ": ports " + textValues(s.path("ports")) + " do not publish " + port + ":" + port);
        }
        String healthcheck = s.path("healthcheck").path("test").toString();
        if (!healthcheck.contains("localhost/" + port) && !healthcheck.contains("localhost:" + port) || !healthcheck.contains(DeployCheck.READY)) {
            add(id + ": healthcheck must probe " + DeployCheck.READY + " on localhost port " + port);
        }
        dependsOn(spec.name(), s, "postgres", "service_healthy");
        dependsOn(spec.name(), s, "kafka-topics", "service_completed_successfully");
        if (profiles.contains(Contract.KNATIVE_PROFILE)) {
            add(id + ": the knative profile turns the Kafka consumers off, nothing would push events here");
        }
        config.ifPresent(c -> {
            c.kafkaChannels(profiles).stream().filter(ch -> !ch.enabled())
                    .forEach(ch -> add(id + ": channel " + ch.name() + " is disabled under profiles " + profiles));
            env.keySet().stream().filter(name -> !DeployCheck.STANDARD_ENV.contains(name) && !c.reads(name))
                    .forEach(name -> add(id + ": env " + name + " is read neither by " + spec.name()
                            + "'s application.properties nor by its config mappings"));
        });
        addresses(id, spec, s, env, config, profiles);
    }

    private void addresses(String id, ServiceSpec spec, JsonNode s, Map<String, String> env, Optional<ServiceConfig> config,
            List<String> profiles) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        String advertised = environment(services.path("kafka")).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        if (bootstrap == null || !advertised.contains("//" + bootstrap)) {
            add(id + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not an advertised listener of kafka (" + advertised + ")");
        }
        String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbc == null) {
            add(id + ": no QUARKUS_DATASOURCE_JDBC_URL");
        } else {
            URI uri = URI.create(jdbc.substring("jdbc:".length()));
            service(id + " QUARKUS_DATASOURCE_JDBC_URL", uri.getHost());
            Optional<String> database = ServiceConfig.databaseOf(jdbc);
            if (database.isEmpty() || !suite.databases().contains(database.get())) {
                add(id + ": database " + database.orElse("?") + " is not created by " + INIT_SQL + " " + suite.databases());
            }
            config.flatMap(c -> c.database(profiles)).filter(db -> !database.equals(Optional.of(db)))
                    .ifPresent(db -> add(id + ": database " + database.orElse("?") + " differs from " + spec.name()
                            + "'s configured database " + db));
        }
        if (env.containsKey("QUARKUS_MAILER_HOST")) {
            String host = env.get("QUARKUS_MAILER_HOST");
            service(id + " QUARKUS_MAILER_HOST", host);
            dependsOn(spec.name(), s, host, "service_healthy");
        }
        if (env.containsKey("PROCESSFLOW_IMAGE_S3_ENDPOINT")) {
            service(id + " PROCESSFLOW_IMAGE_S3_ENDPOINT", URI.create(env.get("PROCESSFLOW_IMAGE_S3_ENDPOINT")).getHost());
            String bucket = environment(services.path("minio-init")).get("S3_BUCKET");
            if (!env.getOrDefault("PROCESSFLOW_IMAGE_S3_BUCKET", "").equals(bucket)) {
                add(id + ": bucket " + env.get("PROCESSFLOW_IMAGE_S3_BUCKET") + " is not the one minio-init creates (" + bucket + ")");
            }
            dependsOn(spec.name(), s, "minio-init", "service_completed_successfully");
        }
    }

    private void service(String owner, String host) {
        if (host == null || services.path(host).isMissingNode()) {
            add(owner + ": " + host + " is no service of docker-compose.yml");
        }
    }

    private void dependsOn(String name, JsonNode s, String dependency, String condition) {
        if (!condition.equals(s.path("depends_on").path(dependency).path("condition").asText())) {
            add("docker-compose " + name + ": must depend on " + dependency + " with condition " + condition);
        }
    }

    /** A service's environment, whichever of the two compose forms (map or KEY=VALUE list) it uses. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node instanceof ObjectNode) {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        } else {
            node.forEach(item -> {
                String text = item.asText();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            });
        }
        return env;
    }

    private static Set<String> textValues(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
