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
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks docker-compose.yml against the services' configuration, the topics of deploy/ and the shared
 * PostgreSQL init script: the local stack and the cluster must run the same suite. The broker authenticates every
 * listener and authorizes with ACLs, each service logs in as its own user, and nothing is published beyond 127.0.0.1.
 */
public final class ComposeCheck {

    /** What the compose broker runs from, in ./docker/kafka: its topics, its configuration and its ACLs. */
    public record KafkaFiles(String topics, Properties broker, String acls) {

        public static KafkaFiles read(Repo repo) {
            Properties broker = new Properties();
            try (var reader = Files.newBufferedReader(repo.composeKafka().resolve("server.properties"))) {
                broker.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new KafkaFiles(Kustomize.readString(repo.composeTopics()), broker,
                    Kustomize.readString(repo.composeKafka().resolve("acls.txt")));
        }

        public KafkaFiles withTopics(String changed) {
            return new KafkaFiles(changed, broker, acls);
        }

        public KafkaFiles withBroker(String key, String value) {
            Properties changed = new Properties();
            changed.putAll(broker);
            changed.setProperty(key, value);
            return new KafkaFiles(topics, changed, acls);
        }

        public KafkaFiles withAcls(String changed) {
            return new KafkaFiles(topics, broker, changed);
        }

        /** The users acls.txt grants something to. */
        Set<String> users() {
            Set<String> users = new TreeSet<>();
            acls.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> users.add(l.split("\\s+")[0]));
            return users;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String INIT_SQL = "./deploy/postgres/init-databases.sql";
    private static final String PROVIDER_DOCKERFILE = "docker/Dockerfile.provider";
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");

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

    public static List<String> findings(Repo repo, JsonNode compose, Suite suite, KafkaFiles kafka) {
        ComposeCheck check = new ComposeCheck(repo, compose, suite);
        check.kafka(kafka);
        check.kafkaAccess(kafka);
        check.postgres();
        for (ServiceSpec spec : Contract.SERVICES) {
            check.service(spec, kafka);
        }
        check.publishedOnLoopbackOnly();
        return List.copyOf(check.findings);
    }

    private void add(String finding) {
        findings.add(finding);
    }

    private void kafka(KafkaFiles files) {
        JsonNode kafka = services.path("kafka");
        if (kafka.isMissingNode()) {
            add("docker-compose: no kafka service");
            return;
        }
        if (!kafka.path("image").asText().startsWith("apache/kafka:4.1.")) {
            add("docker-compose kafka: image " + kafka.path("image").asText() + " is not apache/kafka:4.1.x");
        }
        if (!kafka.path("entrypoint").toString().contains("start-kafka.sh") || !mountsKafkaFiles(kafka)) {
            add("docker-compose kafka: must run ./docker/kafka/start-kafka.sh, which starts the broker from ./docker/kafka/server.properties");
        }
        Properties broker = files.broker();
        if (!broker.getProperty("process.roles", "").contains("controller")) {
            add("docker/kafka/server.properties: not a KRaft controller (process.roles)");
        }
        if (!"false".equals(broker.getProperty("auto.create.topics.enable"))) {
            add("docker/kafka/server.properties: auto.create.topics.enable must be false so only the declared topics exist");
        }
        brokerAuthentication(broker, environment(kafka));
        JsonNode init = services.path("kafka-topics");
        if (init.isMissingNode() || !init.path("entrypoint").toString().contains("create-topics.sh") || !mountsKafkaFiles(init)) {
            add("docker-compose: the kafka-topics service must run ./docker/kafka/create-topics.sh");
        }
        dependsOn("kafka-topics", init, "kafka", "service_healthy");
        Map<String, String> declared = topicsFile(files.topics());
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

    /** Every listener authenticates, the authorizer denies what no ACL allows, passwords come from the environment. */
    private void brokerAuthentication(Properties broker, Map<String, String> env) {
        String where = "docker/kafka/server.properties";
        Map<String, String> protocols = new TreeMap<>();
        for (String entry : broker.getProperty("listener.security.protocol.map", "").split(",")) {
            String[] pair = entry.trim().split(":");
            if (pair.length == 2) {
                protocols.put(pair[0].trim(), pair[1].trim());
            }
        }
        for (String listener : broker.getProperty("listeners", "").split(",")) {
            String name = listener.trim().contains("://") ? listener.trim().substring(0, listener.trim().indexOf("://")) : listener.trim();
            String protocol = protocols.getOrDefault(name, name);
            if (!protocol.startsWith("SASL_")) {
                add(where + ": listener " + name + " is " + protocol + ", so clients reach it without logging in");
            }
        }
        if (!AUTHORIZER.equals(broker.getProperty("authorizer.class.name"))) {
            add(where + ": authorizer.class.name must be " + AUTHORIZER + ", or every login may do anything");
        }
        if ("true".equals(broker.getProperty("allow.everyone.if.no.acl.found"))) {
            add(where + ": allow.everyone.if.no.acl.found=true lets anyone at every resource without an ACL");
        }
        if (!"User:admin".equals(broker.getProperty("super.users"))) {
            add(where + ": super.users must be User:admin alone, not " + broker.getProperty("super.users"));
        }
        for (String key : broker.stringPropertyNames()) {
            Matcher m = ENV_REFERENCE.matcher(broker.getProperty(key));
            while (m.find()) {
                if (!env.containsKey(m.group(1))) {
                    add(where + ": " + key + " reads ${env:" + m.group(1) + "}, which the kafka service does not set");
                }
            }
        }
    }

    /** The init container that creates every user's SCRAM login and the ACLs of acls.txt. */
    private void kafkaAccess(KafkaFiles files) {
        JsonNode access = services.path("kafka-access");
        if (access.isMissingNode() || !access.path("entrypoint").toString().contains("create-access.sh") || !mountsKafkaFiles(access)) {
            add("docker-compose: the kafka-access service must run ./docker/kafka/create-access.sh (users and ACLs of acls.txt)");
            return;
        }
        dependsOn("kafka-access", access, "kafka", "service_healthy");
        Map<String, String> env = environment(access);
        for (String user : files.users()) {
            if (!env.containsKey(passwordVariable(user))) {
                add("docker-compose kafka-access: no " + passwordVariable(user) + ", so Kafka user " + user + " gets no login");
            }
        }
        for (ServiceSpec spec : Contract.SERVICES) {
            if (!files.users().contains(spec.name())) {
                add("docker/kafka/acls.txt: grants nothing to " + spec.name() + ", which could then neither read nor write");
            }
        }
    }

    /** The variable create-access.sh reads a user's password from: order-service, ORDER_SERVICE_KAFKA_PASSWORD. */
    static String passwordVariable(String user) {
        return user.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD";
    }

    private static boolean mountsKafkaFiles(JsonNode service) {
        return service.path("volumes").toString().contains("./docker/kafka:");
    }

    /** Published ports bind to 127.0.0.1: nothing of the local suite is reachable from other machines. */
    private void publishedOnLoopbackOnly() {
        services.fields().forEachRemaining(e -> e.getValue().path("ports").forEach(port -> {
            String text = port.isObject() ? port.path("host_ip").asText("") + ":" + port.path("published").asText() : port.asText();
            if (!text.startsWith("127.0.0.1:")) {
                add("docker-compose " + e.getKey() + ": port " + text + " is published on every interface; bind it to 127.0.0.1");
            }
        }));
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

    private void service(ServiceSpec spec, KafkaFiles kafka) {
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
        if (!textValues(s.path("ports")).contains("127.0.0.1:" + port + ":" + port)) {
            add(id + ": ports " + textValues(s.path("ports")) + " do not publish 127.0.0.1:" + port + ":" + port);
        }
        String healthcheck = s.path("healthcheck").path("test").toString();
        if (!healthcheck.contains("localhost/" + port) && !healthcheck.contains("localhost:" + port) || !healthcheck.contains(DeployCheck.READY)) {
            add(id + ": healthcheck must probe " + DeployCheck.READY + " on localhost port " + port);
        }
        dependsOn(spec.name(), s, "postgres", "service_healthy");
        dependsOn(spec.name(), s, "kafka-topics", "service_completed_successfully");
        dependsOn(spec.name(), s, "kafka-access", "service_completed_successfully");
        if (profiles.contains(Contract.KNATIVE_PROFILE)) {
            add(id + ": the knative profile turns the Kafka consumers off, nothing would push events here");
        }
        kafkaLogin(id, spec, env, config, profiles);
        config.ifPresent(c -> {
            c.kafkaChannels(profiles).stream().filter(ch -> !ch.enabled())
                    .forEach(ch -> add(id + ": channel " + ch.name() + " is disabled under profiles " + profiles));
            env.keySet().stream().filter(name -> !DeployCheck.STANDARD_ENV.contains(name) && !c.reads(name))
                    .forEach(name -> add(id + ": env " + name + " is read neither by " + spec.name()
                            + "'s application.properties nor by its config mappings"));
        });
        addresses(id, spec, s, env, config, profiles, kafka);
    }

    /** The service logs in as its own user, with the password kafka-access gave that user. */
    private void kafkaLogin(String id, ServiceSpec spec, Map<String, String> env, Optional<ServiceConfig> config,
            List<String> profiles) {
        String protocol = Optional.ofNullable(env.get("KAFKA_SECURITY_PROTOCOL"))
                .or(() -> config.flatMap(c -> c.value("kafka.security.protocol", profiles))).orElse("PLAINTEXT");
        if (!protocol.startsWith("SASL_")) {
            add(id + ": Kafka security protocol " + protocol + " under profiles " + profiles + ", the broker takes logins only");
        }
        if (env.containsKey("KAFKA_USERNAME") && !spec.name().equals(env.get("KAFKA_USERNAME"))) {
            add(id + ": KAFKA_USERNAME " + env.get("KAFKA_USERNAME") + " is not " + spec.name() + ", the user its ACLs are for");
        }
        String password = environment(services.path("kafka-access")).get(passwordVariable(spec.name()));
        if (!env.containsKey("KAFKA_PASSWORD") || !env.get("KAFKA_PASSWORD").equals(password)) {
            add(id + ": KAFKA_PASSWORD must be the password kafka-access gives " + spec.name() + " ("
                    + passwordVariable(spec.name()) + ")");
        }
    }

    private void addresses(String id, ServiceSpec spec, JsonNode s, Map<String, String> env, Optional<ServiceConfig> config,
            List<String> profiles, KafkaFiles kafka) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        String advertised = kafka.broker().getProperty("advertised.listeners", "");
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
        String issuer = env.get("QUARKUS_OIDC_AUTH_SERVER_URL");
        if (issuer == null) {
            add(id + ": no QUARKUS_OIDC_AUTH_SERVER_URL, so it cannot verify users' tokens");
        } else {
            String host = URI.create(issuer).getHost();
            service(id + " QUARKUS_OIDC_AUTH_SERVER_URL", host);
            dependsOn(spec.name(), s, host, "service_healthy");
        }
        if (env.containsKey("QUARKUS_MAILER_HOST")) {
            String host = env.get("QUARKUS_MAILER_HOST");
            service(id + " QUARKUS_MAILER_HOST", host);
            dependsOn(spec.name(), s, host, "service_healthy");
        }
        if (spec.name().equals(DeployCheck.PAYMENT)) {
            paymentGateway(id, s, env, config, profiles);
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

    /**
     * payment-service chooses its gateway explicitly; the test gateway's payment provider simulator runs beside it,
     * built from its own Dockerfile, its journal in a volume, healthy before payment-service starts.
     */
    private void paymentGateway(String id, JsonNode s, Map<String, String> env, Optional<ServiceConfig> config,
            List<String> profiles) {
        String gatewayVariable = ServiceConfig.environmentName(DeployCheck.GATEWAY);
        Optional<String> gateway = Optional.ofNullable(env.get(gatewayVariable))
                .or(() -> config.flatMap(c -> c.value(DeployCheck.GATEWAY, profiles)));
        if (gateway.isEmpty()) {
            add(id + ": chooses no payment gateway (" + gatewayVariable + "), so payment-service refuses to start");
            return;
        }
        if (!gateway.get().equals(DeployCheck.TEST_GATEWAY)) {
            return;
        }
        String urlVariable = ServiceConfig.environmentName(DeployCheck.PROVIDER_URL);
        Optional<String> url = Optional.ofNullable(env.get(urlVariable))
                .or(() -> config.flatMap(c -> c.value(DeployCheck.PROVIDER_URL, profiles)));
        if (url.isEmpty()) {
            add(id + ": the test gateway needs " + urlVariable + ", the payment provider simulator's address");
            return;
        }
        URI uri = URI.create(url.get());
        String host = uri.getHost();
        service(id + " " + urlVariable, host);
        dependsOn(DeployCheck.PAYMENT, s, host, "service_healthy");
        JsonNode provider = services.path(host == null ? "" : host);
        if (provider.isMissingNode()) {
            return;
        }
        String where = "docker-compose " + host;
        if (!provider.path("build").path("dockerfile").asText("").equals(PROVIDER_DOCKERFILE)) {
            add(where + ": build.dockerfile must be " + PROVIDER_DOCKERFILE + ", the payment provider simulator's image");
        }
        if (!textValues(provider.path("volumes")).stream().anyMatch(v -> v.equals(DeployCheck.PROVIDER_JOURNAL)
                || v.endsWith(":" + DeployCheck.PROVIDER_JOURNAL))) {
            add(where + ": needs a volume at " + DeployCheck.PROVIDER_JOURNAL + " for its journal");
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        if (!textValues(provider.path("ports")).contains("127.0.0.1:" + port + ":" + port)) {
            add(where + ": ports " + textValues(provider.path("ports")) + " do not publish 127.0.0.1:" + port + ":" + port);
        }
        String healthcheck = provider.path("healthcheck").path("test").toString();
        if (!healthcheck.contains("localhost/" + port) || !healthcheck.contains(DeployCheck.PROVIDER_HEALTH + " ")) {
            add(where + ": healthcheck must probe " + DeployCheck.PROVIDER_HEALTH + " on localhost port " + port);
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
