package dev.processflow.deploycheck;

import dev.processflow.deploycheck.Contract.ServiceSpec;
import dev.processflow.events.EventType;
import dev.processflow.events.Topics;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Cross-checks deploy/ against itself, the product contract and each service's {@code application.properties}.
 * Every rule adds a finding (a sentence naming both sides) instead of failing fast, so one run lists every drift.
 */
public final class DeployCheck {

    /** The profile the packaged services run with outside Knative. */
    public static final List<String> PROD = List.of("prod");

    static final String SERVING = "serving.knative.dev/v1";
    static final String KAFKA_SINK = "eventing.knative.dev/v1alpha1";
    static final String CLUSTER_LABEL = "strimzi.io/cluster";
    static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    static final String TARGET = "autoscaling.knative.dev/target";
    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";

    /** The keys of the Secret Strimzi's User Operator writes for a SCRAM-SHA-512 KafkaUser, named as the user. */
    static final Set<String> STRIMZI_USER_SECRET_KEYS = Set.of("password", "sasl.jaas.config");
    static final String VISIBILITY = "networking.knative.dev/visibility";
    static final String WINDOW = "autoscaling.knative.dev/window";
    /** The Knative Service in front of the others: the only public one. */
    static final String PUBLIC_ENTRY = "public-api";
    static final String SENDERS_ENV = "PROCESSFLOW_PUSH_SENDERS_";
    static final String SENDERS = "processflow.push.senders.";
    static final String PAYMENT = "payment-service";
    /** payment-service's gateway: no production default, so every deployment chooses one. */
    static final String GATEWAY = "processflow.payment.gateway";
    /** The gateway backed by the payment provider simulator, at {@value #PROVIDER_URL}. */
    static final String TEST_GATEWAY = "test";
    static final String PROVIDER_URL = "processflow.payment.provider.url";
    /** Where the simulator's image keeps its journal (docker/Dockerfile.provider). */
    static final String PROVIDER_JOURNAL = "/data";
    static final String PROVIDER_HEALTH = "/health";
    /** CloudEvents type of a Knative PingSource tick: a service runs all its sweeps on it. */
    static final String PING = "dev.knative.sources.ping";

    /**
     * Variables Quarkus extensions read whether or not application.properties mentions the property, and those the
     * image's Java launcher (heap share) and glibc (malloc tuning) read.
     */
    static final Set<String> STANDARD_ENV = Set.of("QUARKUS_PROFILE", "KAFKA_BOOTSTRAP_SERVERS",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT",
            "QUARKUS_OIDC_AUTH_SERVER_URL", "JAVA_MAX_MEM_RATIO", "MALLOC_MMAP_THRESHOLD_");

    private final Suite suite;
    private final Manifests m;
    private final List<String> findings = new ArrayList<>();

    private DeployCheck(Suite suite) {
        this.suite = suite;
        this.m = suite.manifests();
    }

    public static List<String> findings(Suite suite) {
        DeployCheck check = new DeployCheck(suite);
        check.pushEndpoint();
        check.kafkaCluster();
        new KafkaAccess(suite, check::add).check();
        check.topics();
        check.deadLetterSinks();
        check.kafkaSources();
        check.pingSources();
        check.consumedEventTypes();
        check.knativeServices();
        check.pushAuthentication();
        check.publicEntry();
        check.networkPolicies();
        check.workloads();
        check.paymentGateway();
        check.coreServices();
        return List.copyOf(check.findings);
    }

    private void add(String finding) {
        findings.add(finding);
    }

    private String pushPath() {
        return suite.pushPath().orElse("/events");
    }

    private void pushEndpoint() {
        if (suite.pushPath().isEmpty()) {
            add("platform: no @Path on push/CloudEventsResource.java, so the sinks' /events path cannot be checked");
        }
    }

    private void kafkaCluster() {
        List<Kafka> clusters = m.all(Kafka.class);
        if (clusters.size() != 1) {
            add("Kafka: expected exactly one Strimzi Kafka cluster, found " + clusters.size());
        }
        for (Kafka kafka : clusters) {
            String name = kafka.getMetadata().getName();
            var spec = kafka.getSpec().getKafka();
            if (spec.getVersion() == null || spec.getMetadataVersion() == null) {
                add(Names.id(kafka) + ": pin spec.kafka.version and metadataVersion, or an operator upgrade upgrades the brokers");
            }
            List<KafkaNodePool> pools = pools(name);
            if (pools.stream().noneMatch(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                    || pools.stream().noneMatch(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))) {
                add(Names.id(kafka) + ": needs KafkaNodePools (label " + CLUSTER_LABEL + ": " + name + ") with the controller and broker roles");
            }
            if (plainBootstrap().isEmpty()) {
                add(Names.id(kafka) + ": needs an internal listener without TLS for the services and Knative's Kafka dispatchers");
            }
            for (GenericKafkaListener l : Optional.ofNullable(spec.getListeners()).orElse(List.of())) {
                if (!(l.getAuth() instanceof KafkaListenerAuthenticationScramSha512)) {
                    add(Names.id(kafka) + ": listener " + l.getName() + " must authenticate clients with scram-sha-512");
                }
            }
            if (!(spec.getAuthorization() instanceof KafkaAuthorizationSimple)) {
                add(Names.id(kafka) + ": needs authorization type simple, so the KafkaUsers' ACLs are enforced");
            }
        }
    }

    private List<KafkaNodePool> pools(String cluster) {
        return m.all(KafkaNodePool.class).stream().filter(p -> cluster.equals(label(p, CLUSTER_LABEL))).toList();
    }

    private int brokers(String cluster) {
        return pools(cluster).stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
    }

    /** host:port of every plain internal listener's bootstrap Service, as reached from another namespace. */
    Set<String> plainBootstrap() {
        Set<String> addresses = new TreeSet<>();
        for (Kafka kafka : m.all(Kafka.class)) {
            List<GenericKafkaListener> listeners = Optional.ofNullable(kafka.getSpec().getKafka().getListeners()).orElse(List.of());
            for (GenericKafkaListener l : listeners) {
                if (l.getType() == KafkaListenerType.INTERNAL && !l.isTls()) {
                    addresses.add(kafka.getMetadata().getName() + "-kafka-bootstrap." + m.namespace() + ".svc:" + l.getPort());
                }
            }
        }
        return addresses;
    }

    private void bootstrapServers(String owner, List<String> servers) {
        if (servers == null || servers.isEmpty()) {
            add(owner + ": no bootstrapServers");
            return;
        }
        for (String server : servers) {
            for (String address : server.split(",")) {
                if (!plainBootstrap().contains(address.trim())) {
                    add(owner + ": bootstrap server " + address.trim() + " is none of the Kafka cluster's " + plainBootstrap());
                }
            }
        }
    }

    private Map<String, KafkaTopic> topicsByName() {
        Map<String, KafkaTopic> topics = new LinkedHashMap<>();
        for (KafkaTopic t : m.all(KafkaTopic.class)) {
            topics.put(topicName(t), t);
        }
        return topics;
    }

    static String topicName(KafkaTopic t) {
        return t.getSpec() != null && t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
    }

    private void topics() {
        Map<String, KafkaTopic> topics = topicsByName();
        for (String topic : Topics.ALL) {
            requireTopic(topics, topic, "the event contract (events/Topics)");
            requireTopic(topics, Topics.deadLetter(topic), "the event contract (events/Topics)");
        }
        for (KafkaTopic t : topics.values()) {
            String cluster = label(t, CLUSTER_LABEL);
            if (cluster == null || m.named(Kafka.class, cluster).isEmpty()) {
                add(Names.id(t) + ": label " + CLUSTER_LABEL + "=" + cluster + " names no Kafka cluster here");
            } else if (t.getSpec().getReplicas() != null && t.getSpec().getReplicas() > brokers(cluster)) {
                add(Names.id(t) + ": " + t.getSpec().getReplicas() + " replicas but the cluster has " + brokers(cluster) + " brokers");
            }
            Object minIsr = config(t).get("min.insync.replicas");
            if (minIsr != null && t.getSpec().getReplicas() != null
                    && Integer.parseInt(minIsr.toString()) >= t.getSpec().getReplicas()) {
                add(Names.id(t) + ": min.insync.replicas " + minIsr + " leaves no broker to lose (replicas " + t.getSpec().getReplicas() + ")");
            }
            boolean compacted = cleanupPolicy(t).contains("compact");
            if (topicName(t).equals(Topics.CATALOG) && !compacted) {
                add(Names.id(t) + ": the catalog topic must be compacted (cleanup.policy: compact), it is a table keyed by sku");
            }
            if (!topicName(t).equals(Topics.CATALOG) && Topics.ALL.contains(topicName(t)) && compacted) {
                add(Names.id(t) + ": an event topic must not be compacted, compaction drops all but the last event per aggregate");
            }
        }
        suite.configs().values().forEach(config -> {
            for (KafkaChannel channel : config.kafkaChannels(PROD)) {
                String where = config.service() + "'s channel " + channel.name();
                requireTopic(topics, channel.topic(), where);
                requireTopic(topics, channel.deadLetterTopic(), where + " (dead-letter-queue.topic)");
            }
        });
    }

    private void requireTopic(Map<String, KafkaTopic> topics, String topic, String namedBy) {
        if (!topics.containsKey(topic)) {
            add("topic " + topic + " named by " + namedBy + " has no KafkaTopic in deploy/");
        }
    }

    private static Map<String, Object> config(KafkaTopic t) {
        return Optional.ofNullable(t.getSpec().getConfig()).orElse(Map.of());
    }

    private static Set<String> cleanupPolicy(KafkaTopic t) {
        Object policy = config(t).getOrDefault("cleanup.policy", "delete");
        return Arrays.stream(policy.toString().split(",")).map(String::trim).collect(Collectors.toSet());
    }

    private void deadLetterSinks() {
        Map<String, KafkaTopic> topics = topicsByName();
        for (KafkaSink sink : m.all(KafkaSink.class)) {
            String topic = sink.getSpec().getTopic();
            bootstrapServers(Names.id(sink), sink.getSpec().getBootstrapServers());
            KafkaTopic kafkaTopic = topics.get(topic);
            if (kafkaTopic == null) {
                add(Names.id(sink) + ": topic " + topic + " has no KafkaTopic");
                continue;
            }
            if (sink.getSpec().getNumPartitions() != null && !sink.getSpec().getNumPartitions().equals(kafkaTopic.getSpec().getPartitions())) {
                add(Names.id(sink) + ": numPartitions " + sink.getSpec().getNumPartitions() + " differs from " + Names.id(kafkaTopic)
                        + "'s " + kafkaTopic.getSpec().getPartitions());
            }
            if (sink.getSpec().getReplicationFactor() != null && !sink.getSpec().getReplicationFactor().equals(kafkaTopic.getSpec().getReplicas())) {
                add(Names.id(sink) + ": replicationFactor " + sink.getSpec().getReplicationFactor() + " differs from "
                        + Names.id(kafkaTopic) + "'s " + kafkaTopic.getSpec().getReplicas());
            }
        }
    }

    private void kafkaSources() {
        Map<String, KafkaTopic> topics = topicsByName();
        for (KafkaSource source : m.all(KafkaSource.class)) {
            String id = Names.id(source);
            bootstrapServers(id, source.getSpec().getBootstrapServers());
            List<String> sourceTopics = Optional.ofNullable(source.getSpec().getTopics()).orElse(List.of());
            sourceTopics.stream().filter(t -> !topics.containsKey(t))
                    .forEach(t -> add(id + ": topic " + t + " has no KafkaTopic"));
            if (source.getSpec().getConsumerGroup() == null || source.getSpec().getConsumerGroup().isBlank()) {
                add(id + ": no consumerGroup");
            }
            if (!"ordered".equals(source.getSpec().getOrdering())) {
                add(id + ": ordering must be ordered, the saga relies on the order of an aggregate's events");
            }
            if (!"earliest".equals(source.getSpec().getInitialOffset())) {
                add(id + ": initialOffset must be earliest like the pull consumers, or a new group skips events already on the topic");
            }
            Optional<String> target = sinkService(id, source.getSpec().getSink());
            delivery(id, source.getSpec().getDelivery());
            target.flatMap(suite::config).ifPresent(config -> {
                List<KafkaChannel> channels = config.kafkaChannels(PROD);
                for (String topic : sourceTopics) {
                    if (channels.stream().noneMatch(c -> c.topic().equals(topic))) {
                        add(id + ": pushes topic " + topic + " to " + config.service() + ", whose application.properties has no channel on it");
                    }
                }
            });
        }
        suite.configs().values().forEach(config -> {
            for (KafkaChannel channel : config.kafkaChannels(PROD)) {
                List<KafkaSource> sources = sourcesFor(config.service(), channel.topic());
                String where = config.service() + "'s channel " + channel.name() + " (topic " + channel.topic() + ")";
                if (sources.isEmpty()) {
                    add(where + ": no KafkaSource pushes it to the Knative Service " + config.service() + " at " + pushPath());
                    continue;
                }
                if (sources.size() > 1) {
                    add(where + ": " + sources.size() + " KafkaSources push it, each event would arrive more than once");
                }
                for (KafkaSource source : sources) {
                    String id = Names.id(source);
                    if (source.getSpec().getTopics().size() != 1) {
                        add(id + ": carries " + source.getSpec().getTopics() + " but one dead-letter topic per consumed topic needs one KafkaSource per topic");
                    }
                    if (!Objects.equals(source.getSpec().getConsumerGroup(), channel.groupId())) {
                        add(id + ": consumerGroup " + source.getSpec().getConsumerGroup() + " differs from " + where
                                + " group.id " + channel.groupId());
                    }
                    deadLetterTopic(source.getSpec().getDelivery()).filter(t -> !t.equals(channel.deadLetterTopic()))
                            .ifPresent(t -> add(id + ": dead-letters to topic " + t + " but " + where
                                    + " dead-letters to " + channel.deadLetterTopic()));
                }
            }
        });
    }

    private List<KafkaSource> sourcesFor(String service, String topic) {
        return m.all(KafkaSource.class).stream()
                .filter(s -> isKnativeService(s.getSpec().getSink(), service))
                .filter(s -> s.getSpec().getTopics() != null && s.getSpec().getTopics().contains(topic))
                .toList();
    }

    private static boolean isKnativeService(Destination sink, String service) {
        return sink != null && sink.getRef() != null && SERVING.equals(sink.getRef().getApiVersion())
                && "Service".equals(sink.getRef().getKind()) && service.equals(sink.getRef().getName());
    }

    /** The Knative Service a sink targets, if it resolves; a finding otherwise. */
    private Optional<String> sinkService(String owner, Destination sink) {
        if (sink == null || sink.getRef() == null) {
            add(owner + ": no sink.ref");
            return Optional.empty();
        }
        KReference ref = sink.getRef();
        if (!SERVING.equals(ref.getApiVersion()) || !"Service".equals(ref.getKind())) {
            add(owner + ": sink " + ref.getApiVersion() + " " + ref.getKind() + " is not a Knative Service");
            return Optional.empty();
        }
        if (ref.getNamespace() != null && !ref.getNamespace().equals(m.namespace())) {
            add(owner + ": sink namespace " + ref.getNamespace() + " is not " + m.namespace());
        }
        if (m.named(io.fabric8.knative.serving.v1.Service.class, ref.getName()).isEmpty()) {
            add(owner + ": sink Knative Service " + ref.getName() + " does not exist in deploy/");
            return Optional.empty();
        }
        if (!pushPath().equals(sink.getUri())) {
            add(owner + ": sink uri " + sink.getUri() + " is not the services' push endpoint " + pushPath());
        }
        return Optional.of(ref.getName());
    }

    private void delivery(String owner, DeliverySpec delivery) {
        if (delivery == null) {
            add(owner + ": no delivery (retry, backoff, dead-letter sink)");
            return;
        }
        if (delivery.getRetry() == null || delivery.getRetry() < 1) {
            add(owner + ": delivery.retry must be at least 1, a 503 (transient failure) is worth retrying");
        }
        if (!"exponential".equals(delivery.getBackoffPolicy())) {
            add(owner + ": delivery.backoffPolicy should be exponential, not " + delivery.getBackoffPolicy());
        }
        try {
            if (delivery.getBackoffDelay() == null || Duration.parse(delivery.getBackoffDelay()).isZero()) {
                add(owner + ": delivery.backoffDelay is missing");
            }
        } catch (DateTimeParseException e) {
            add(owner + ": delivery.backoffDelay " + delivery.getBackoffDelay() + " is not an ISO-8601 duration");
        }
        Destination dls = delivery.getDeadLetterSink();
        if (dls == null || dls.getRef() == null) {
            add(owner + ": no delivery.deadLetterSink.ref, a poison event would be dropped");
            return;
        }
        KReference ref = dls.getRef();
        if (!KAFKA_SINK.equals(ref.getApiVersion()) || !"KafkaSink".equals(ref.getKind())) {
            add(owner + ": dead-letter sink " + ref.getApiVersion() + " " + ref.getKind() + " is not a KafkaSink");
        } else if (m.named(KafkaSink.class, ref.getName()).isEmpty()) {
            add(owner + ": dead-letter KafkaSink " + ref.getName() + " does not exist in deploy/");
        }
    }

    private Optional<String> deadLetterTopic(DeliverySpec delivery) {
        return Optional.ofNullable(delivery).map(DeliverySpec::getDeadLetterSink).map(Destination::getRef)
                .flatMap(ref -> m.named(KafkaSink.class, ref.getName())).map(s -> s.getSpec().getTopic());
    }

    /**
     * Each service whose push functions run its sweeps on a tick has its own PingSource, so its periodic work goes on
     * while it is scaled to zero; a PingSource ticks nothing else.
     */
    private void pingSources() {
        for (PingSource ping : m.all(PingSource.class)) {
            String schedule = ping.getSpec().getSchedule();
            if (schedule == null || schedule.trim().split("\\s+").length != 5) {
                add(Names.id(ping) + ": schedule " + schedule + " is not a five-field cron expression");
            }
            sinkService(Names.id(ping), ping.getSpec().getSink()).filter(service -> !suite.sweeping().contains(service))
                    .ifPresent(service -> add(Names.id(ping) + ": ticks " + service + ", whose push functions run nothing"
                            + " on " + PING));
        }
        for (String service : suite.sweeping()) {
            List<String> pings = m.all(PingSource.class).stream()
                    .filter(p -> isKnativeService(p.getSpec().getSink(), service)).map(Names::id).sorted().toList();
            if (pings.isEmpty()) {
                add(service + " runs its sweeps on " + PING + " but no PingSource sends it one, so its periodic work"
                        + " stops while it is scaled to zero");
            } else if (pings.size() > 1) {
                add(service + " is ticked by " + pings.size() + " PingSources " + pings + ", one runs all its sweeps");
            }
        }
    }

    private void consumedEventTypes() {
        for (ServiceSpec spec : Contract.SERVICES) {
            for (EventType type : spec.consumes()) {
                if (sourcesFor(spec.name(), type.topic()).isEmpty()) {
                    add(spec.name() + " consumes " + type.typeName() + " but no KafkaSource pushes its topic " + type.topic() + " to it");
                }
                suite.config(spec.name()).filter(c -> c.kafkaChannels(PROD).stream().noneMatch(ch -> ch.topic().equals(type.topic())))
                        .ifPresent(c -> add(spec.name() + " consumes " + type.typeName() + " but its application.properties has no channel on topic " + type.topic()));
            }
        }
    }

    private void knativeServices() {
        for (ServiceSpec spec : Contract.SERVICES) {
            Optional<io.fabric8.knative.serving.v1.Service> found = m.named(io.fabric8.knative.serving.v1.Service.class, spec.name());
            if (found.isEmpty()) {
                add("Knative Service " + spec.name() + " is missing from deploy/");
                continue;
            }
            knativeService(spec, found.get(), suite.config(spec.name()));
        }
    }

    private void knativeService(ServiceSpec spec, io.fabric8.knative.serving.v1.Service ksvc, Optional<ServiceConfig> config) {
        String id = "Knative Service " + spec.name();
        var template = ksvc.getSpec().getTemplate();
        Map<String, String> annotations = template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                ? Map.of() : template.getMetadata().getAnnotations();
        if (!"0".equals(annotations.get(MIN_SCALE))) {
            add(id + ": cannot scale to zero, " + MIN_SCALE + " is " + annotations.get(MIN_SCALE) + " (must be \"0\")");
        }
        Map<String, String> labels = Optional.ofNullable(ksvc.getMetadata().getLabels()).orElse(Map.of());
        if (!"cluster-local".equals(labels.get(VISIBILITY))) {
            add(id + ": must be cluster-local (label " + VISIBILITY + ": cluster-local), only " + PUBLIC_ENTRY
                    + " is public, so no public route reaches " + pushPath());
        }
        config.flatMap(c -> c.value("processflow.saga.timeout", PROD)).map(DeployCheck::duration).ifPresent(timeout -> {
            Duration window = Optional.ofNullable(annotations.get(WINDOW)).map(DeployCheck::duration).orElse(Duration.ZERO);
            if (window.compareTo(timeout) <= 0) {
                add(id + ": " + WINDOW + " " + annotations.get(WINDOW) + " must outlast processflow.saga.timeout " + timeout
                        + ", so the pod that took an order is still up at its deadline");
            }
        });
        String target = annotations.get(TARGET);
        if (target == null || !target.matches("\\d+(\\.\\d+)?")) {
            add(id + ": no concurrency target (" + TARGET + ")");
        }
        List<Container> containers = template.getSpec().getContainers();
        if (containers == null || containers.size() != 1) {
            add(id + ": expected one container");
            return;
        }
        Container c = containers.get(0);
        String image = c.getImage() == null ? "" : c.getImage().split(":")[0].replaceFirst("^(dev|kind)\\.local/", "");
        if (!image.equals("processflow/" + spec.name())) {
            add(id + ": image " + c.getImage() + " is not processflow/" + spec.name() + " (kustomization images: retags it)");
        }
        int port = config.map(cfg -> cfg.httpPort(PROD)).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)
                .orElse(spec.port());
        List<ContainerPort> ports = Optional.ofNullable(c.getPorts()).orElse(List.of());
        if (ports.size() != 1 || !Integer.valueOf(port).equals(ports.get(0).getContainerPort())) {
            add(id + ": containerPort " + ports.stream().map(ContainerPort::getContainerPort).toList()
                    + " is not the port the service listens on (quarkus.http.port " + port + ")");
        }
        probe(id + " readinessProbe", c.getReadinessProbe(), READY);
        probe(id + " livenessProbe", c.getLivenessProbe(), LIVE);
        if (c.getResources() == null || c.getResources().getRequests() == null
                || !c.getResources().getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                || c.getResources().getLimits() == null || !c.getResources().getLimits().containsKey("memory")) {
            add(id + ": needs cpu and memory requests and a memory limit");
        }
        SecurityContext sc = c.getSecurityContext();
        if (sc == null || !Boolean.TRUE.equals(sc.getRunAsNonRoot()) || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
                || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                || !sc.getCapabilities().getDrop().contains("ALL")) {
            add(id + ": must run as non-root, without privilege escalation and with all capabilities dropped");
        }
        Map<String, EnvVar> env = env(c);
        containerReferences(id, c);
        List<String> profiles = profiles(env);
        if (!profiles.contains(Contract.KNATIVE_PROFILE)) {
            add(id + ": QUARKUS_PROFILE " + profiles + " lacks the " + Contract.KNATIVE_PROFILE + " profile, so its Kafka pull consumers keep it awake");
        }
        config.ifPresent(cfg -> {
            for (KafkaChannel channel : cfg.kafkaChannels(profiles)) {
                if (channel.enabled()) {
                    add(id + ": cannot scale to zero, channel " + channel.name() + " stays enabled under profiles " + profiles
                            + " (set %" + Contract.KNATIVE_PROFILE + ".mp.messaging.incoming." + channel.name() + ".enabled=false in "
                            + spec.name() + "'s application.properties)");
                }
            }
            env.keySet().stream().filter(name -> !STANDARD_ENV.contains(name) && !cfg.reads(name))
                    .forEach(name -> add(id + ": env " + name + " is read neither by " + spec.name()
                            + "'s application.properties nor by its config mappings"));
        });
        addresses(id, spec, env, config);
    }

    /** The profiles a container runs with: its QUARKUS_PROFILE, else prod. */
    private static List<String> profiles(Map<String, EnvVar> env) {
        EnvVar profile = env.get("QUARKUS_PROFILE");
        return profile == null || profile.getValue() == null ? PROD
                : Arrays.stream(profile.getValue().split(",")).map(String::trim).toList();
    }

    /** A Quarkus / Knative duration: 30s, 2m, 500ms, or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(t);
        if (!d.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(d.group(1));
        return switch (d.group(2) == null ? "s" : d.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /**
     * Knative sends each source's push with a token of the source's own service account, requested for the sink's
     * audience: the receiving service must expect that audience and allow exactly those senders, each for what it
     * delivers (a KafkaSource its topics, a PingSource its ticks).
     */
    private void pushAuthentication() {
        for (ServiceSpec spec : Contract.SERVICES) {
            Optional<io.fabric8.knative.serving.v1.Service> ksvc = m.named(io.fabric8.knative.serving.v1.Service.class, spec.name());
            if (ksvc.isEmpty()) {
                continue;
            }
            String id = "Knative Service " + spec.name();
            Map<String, EnvVar> env = env(ksvc.get().getSpec().getTemplate().getSpec().getContainers().get(0));
            Optional<String> audience = value(env.get("PROCESSFLOW_PUSH_AUDIENCE"));
            // The allow-list the service runs with: its application.properties under the manifest's profiles, each
            // field overridden by its variable.
            Map<String, Map<String, String>> senders = new TreeMap<>();
            suite.config(spec.name()).ifPresent(config -> config.under(SENDERS, profiles(env)).forEach((property, v) -> {
                String rest = property.substring(SENDERS.length());
                int dot = rest.lastIndexOf('.');
                if (dot > 0) {
                    senders.computeIfAbsent(ServiceConfig.environmentName(rest.substring(0, dot)), k -> new TreeMap<>())
                            .put(ServiceConfig.environmentName(rest.substring(dot + 1)), v);
                }
            }));
            env.forEach((name, e) -> {
                if (name.startsWith(SENDERS_ENV)) {
                    String rest = name.substring(SENDERS_ENV.length());
                    for (String field : List.of("SUBJECT", "TOPICS", "PING_SOURCE")) {
                        if (rest.endsWith("_" + field)) {
                            senders.computeIfAbsent(rest.substring(0, rest.length() - field.length() - 1), k -> new TreeMap<>())
                                    .put(field, value(e).orElse(""));
                        }
                    }
                }
            });
            Map<String, String> expected = new TreeMap<>();
            Map<String, String> delivers = new TreeMap<>();
            for (KafkaSource source : m.all(KafkaSource.class)) {
                if (isKnativeService(source.getSpec().getSink(), spec.name())) {
                    String subject = sender(source, "kafkasource");
                    expected.put(subject, Names.id(source));
                    delivers.put(subject, "TOPICS=" + String.join(",", source.getSpec().getTopics()));
                    sinkAudience(Names.id(source), source.getSpec().getSink(), audience, id);
                }
            }
            for (PingSource ping : m.all(PingSource.class)) {
                if (isKnativeService(ping.getSpec().getSink(), spec.name())) {
                    String subject = sender(ping, "pingsource");
                    expected.put(subject, Names.id(ping));
                    delivers.put(subject, "PING_SOURCE=/apis/v1/namespaces/" + m.namespace() + "/pingsources/" + ping.getMetadata().getName());
                    sinkAudience(Names.id(ping), ping.getSpec().getSink(), audience, id);
                }
            }
            Map<String, String> allowed = new TreeMap<>();
            senders.forEach((key, fields) -> {
                String subject = fields.getOrDefault("SUBJECT", "");
                String what = fields.entrySet().stream().filter(f -> !f.getKey().equals("SUBJECT"))
                        .map(f -> f.getKey() + "=" + f.getValue()).collect(Collectors.joining(" "));
                allowed.put(subject, what);
                if (!expected.containsKey(subject)) {
                    add(id + ": push sender " + key + " (" + subject + ") is no KafkaSource or PingSource sinking here");
                } else if (!what.equals(delivers.get(subject))) {
                    add(id + ": push sender " + key + " allows " + what + " but " + expected.get(subject) + " delivers " + delivers.get(subject));
                }
            });
            expected.keySet().stream().filter(subject -> !allowed.containsKey(subject)).forEach(subject -> add(id + ": "
                    + expected.get(subject) + " pushes here as " + subject + ", which no push sender allows ("
                    + SENDERS + "<name>.subject or " + SENDERS_ENV + "<NAME>_SUBJECT)"));
        }
    }

    /** The subject of the tokens Knative requests for a source: its service account {@code <name>-oidc-<group>-<kind>}. */
    private String sender(HasMetadata source, String kind) {
        String account = source.getMetadata().getName() + "-oidc-sources.knative.dev-" + kind;
        if (account.length() > 63) {
            add(Names.id(source) + ": name too long, Knative would hash its service account name " + account
                    + " (over 63 characters) and the services' allow-lists could not name it");
        }
        return "system:serviceaccount:" + m.namespace() + ":" + account;
    }

    private void sinkAudience(String owner, Destination sink, Optional<String> audience, String service) {
        if (sink.getAudience() == null) {
            add(owner + ": sink.audience is missing; a Knative Service announces none, so Knative would send no token");
        } else if (!audience.equals(Optional.of(sink.getAudience()))) {
            add(owner + ": sink.audience " + sink.getAudience() + " is not " + service + "'s PROCESSFLOW_PUSH_AUDIENCE "
                    + audience.orElse("(unset)"));
        }
    }

    private static final java.util.regex.Pattern LOCATION = java.util.regex.Pattern.compile(
            "location\\s+(=\\s*)?(\\S+)\\s*\\{([^}]*)}");
    private static final java.util.regex.Pattern PROXY_PASS = java.util.regex.Pattern.compile("proxy_pass\\s+http://([^/;:\\s]+)");

    /**
     * The one public Knative Service is a proxy whose every forwarded path is a REST resource of the service it
     * forwards to, never the push endpoint; and each service's REST resources are forwarded.
     */
    private void publicEntry() {
        Optional<io.fabric8.knative.serving.v1.Service> entry = m.named(io.fabric8.knative.serving.v1.Service.class, PUBLIC_ENTRY);
        if (entry.isEmpty()) {
            add("Knative Service " + PUBLIC_ENTRY + " (the public entry) is missing from deploy/");
            return;
        }
        String id = "Knative Service " + PUBLIC_ENTRY;
        if ("cluster-local".equals(Optional.ofNullable(entry.get().getMetadata().getLabels()).orElse(Map.of()).get(VISIBILITY))) {
            add(id + ": is the public entry, it must not be cluster-local");
        }
        Optional<String> conf = Optional.ofNullable(entry.get().getSpec().getTemplate().getSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getConfigMap() != null).findFirst()
                .flatMap(v -> m.named(ConfigMap.class, v.getConfigMap().getName()))
                .map(ConfigMap::getData).map(d -> d.get("nginx.conf"));
        if (conf.isEmpty()) {
            add(id + ": no nginx.conf in a ConfigMap volume");
            return;
        }
        Map<String, Set<String>> routed = new TreeMap<>();
        java.util.regex.Matcher location = LOCATION.matcher(conf.get());
        while (location.find()) {
            String path = location.group(2);
            java.util.regex.Matcher proxy = PROXY_PASS.matcher(location.group(3));
            if (!proxy.find()) {
                continue;
            }
            String host = proxy.group(1);
            String suffix = "." + m.namespace() + ".svc.cluster.local";
            String service = host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
            String root = "/" + path.replaceAll("^/+", "").split("/")[0];
            if (root.equals(pushPath())) {
                add(id + ": location " + path + " forwards the push endpoint " + pushPath() + " to the public");
            } else if (!suite.restRoots().getOrDefault(service, Set.of()).contains(root)) {
                add(id + ": location " + path + " forwards to " + host + ", which serves no REST resource under " + root
                        + " (its resources: " + suite.restRoots().getOrDefault(service, Set.of()) + ")");
            }
            routed.computeIfAbsent(service, k -> new TreeSet<>()).add(root);
        }
        suite.restRoots().forEach((service, roots) -> roots.stream().filter(r -> !routed.getOrDefault(service, Set.of()).contains(r))
                .forEach(r -> add(id + ": " + service + "'s public resource " + r + " is not forwarded")));
    }

    private void networkPolicies() {
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> p.getSpec().getPodSelector() != null
                && Optional.ofNullable(p.getSpec().getPodSelector().getMatchLabels()).orElse(Map.of()).isEmpty()
                && Optional.ofNullable(p.getSpec().getPodSelector().getMatchExpressions()).orElse(List.of()).isEmpty()
                && p.getSpec().getPolicyTypes() != null && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).isEmpty()
                && Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).isEmpty());
        if (!defaultDeny) {
            add("NetworkPolicy: none denies all ingress and egress of every pod by default");
        }
        new NetworkFlows(m, this::add).check();
    }

    private void probe(String owner, Probe probe, String path) {
        if (probe == null || probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            add(owner + ": must be an HTTP GET of " + path);
        }
    }

    private static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        Optional.ofNullable(c.getEnv()).orElse(List.of()).forEach(e -> env.put(e.getName(), e));
        return env;
    }

    /** An env var's value when it is a literal or comes from a ConfigMap in deploy/. */
    private Optional<String> value(EnvVar e) {
        if (e == null) {
            return Optional.empty();
        }
        if (e.getValue() != null) {
            return Optional.of(e.getValue());
        }
        if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
            var ref = e.getValueFrom().getConfigMapKeyRef();
            return m.named(ConfigMap.class, ref.getName()).map(ConfigMap::getData).map(d -> d.get(ref.getKey()));
        }
        return Optional.empty();
    }

    private void addresses(String id, ServiceSpec spec, Map<String, EnvVar> env, Optional<ServiceConfig> config) {
        Optional<String> bootstrap = value(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        if (bootstrap.isEmpty()) {
            add(id + ": no KAFKA_BOOTSTRAP_SERVERS");
        } else {
            bootstrapServers(id + " KAFKA_BOOTSTRAP_SERVERS", List.of(bootstrap.get()));
        }
        Optional<String> jdbc = value(env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        if (jdbc.isEmpty()) {
            add(id + ": no QUARKUS_DATASOURCE_JDBC_URL");
        } else {
            URI uri = URI.create(jdbc.get().substring("jdbc:".length()));
            reachable(id + " QUARKUS_DATASOURCE_JDBC_URL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
            Optional<String> database = ServiceConfig.databaseOf(jdbc.get());
            if (database.isEmpty() || !suite.databases().contains(database.get())) {
                add(id + ": database " + database.orElse("?") + " is not created by postgres/init-databases.sql " + suite.databases());
            }
            config.flatMap(c -> c.database(PROD)).filter(db -> !database.equals(Optional.of(db)))
                    .ifPresent(db -> add(id + ": database " + database.orElse("?") + " differs from " + spec.name()
                            + "'s %prod.quarkus.datasource.jdbc.url database " + db));
        }
        if (env.containsKey("QUARKUS_MAILER_HOST")) {
            Optional<String> host = value(env.get("QUARKUS_MAILER_HOST"));
            int port = value(env.get("QUARKUS_MAILER_PORT")).map(Integer::parseInt).orElse(25);
            host.ifPresentOrElse(h -> reachable(id + " QUARKUS_MAILER_HOST", h, port),
                    () -> add(id + ": QUARKUS_MAILER_HOST has no value"));
        }
        value(env.get("PROCESSFLOW_IMAGE_S3_ENDPOINT")).ifPresent(endpoint -> {
            URI uri = URI.create(endpoint);
            reachable(id + " PROCESSFLOW_IMAGE_S3_ENDPOINT", uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        });
        if (spec.name().equals("image-service") && !value(env.get("PROCESSFLOW_IMAGE_STORAGE")).filter("s3"::equals).isPresent()) {
            add(id + ": PROCESSFLOW_IMAGE_STORAGE must be s3, pods that scale to zero share no local disk");
        }
    }

    /** A host:port that must be a core Service of deploy/ exposing that port (short or cluster DNS name). */
    private void reachable(String owner, String host, int port) {
        if (host == null) {
            add(owner + ": no host");
            return;
        }
        String name = host.replaceFirst("\\.svc(\\.cluster\\.local)?$", "");
        String[] parts = name.split("\\.");
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals(m.namespace()))) {
            add(owner + ": " + host + " is not a Service in namespace " + m.namespace());
            return;
        }
        Optional<Service> service = m.named(Service.class, parts[0]);
        if (service.isEmpty()) {
            add(owner + ": " + host + " names no Service in deploy/");
        } else if (service.get().getSpec().getPorts().stream().map(ServicePort::getPort).noneMatch(p -> p == port)) {
            add(owner + ": Service " + parts[0] + " does not expose port " + port);
        }
    }

    /**
     * payment-service starts only with a gateway chosen. The test gateway is the payment provider simulator, which is
     * stateful: a Deployment of deploy/ with one pod at a time, its journal on a persistent volume, health probes.
     */
    private void paymentGateway() {
        m.named(io.fabric8.knative.serving.v1.Service.class, PAYMENT).ifPresent(ksvc -> {
            String id = "Knative Service " + PAYMENT;
            Map<String, EnvVar> env = env(ksvc.getSpec().getTemplate().getSpec().getContainers().get(0));
            Optional<ServiceConfig> config = suite.config(PAYMENT);
            Optional<String> gateway = value(env.get(ServiceConfig.environmentName(GATEWAY)))
                    .or(() -> config.flatMap(c -> c.value(GATEWAY, profiles(env))));
            if (gateway.isEmpty()) {
                add(id + ": chooses no payment gateway (" + ServiceConfig.environmentName(GATEWAY)
                        + "), so payment-service refuses to start");
                return;
            }
            if (!gateway.get().equals(TEST_GATEWAY)) {
                return;
            }
            Optional<String> url = value(env.get(ServiceConfig.environmentName(PROVIDER_URL)))
                    .or(() -> config.flatMap(c -> c.value(PROVIDER_URL, profiles(env))));
            if (url.isEmpty()) {
                add(id + ": the test gateway needs " + ServiceConfig.environmentName(PROVIDER_URL)
                        + ", the payment provider simulator's address");
                return;
            }
            URI uri = URI.create(url.get());
            String owner = id + " " + ServiceConfig.environmentName(PROVIDER_URL);
            reachable(owner, uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
            Optional.ofNullable(uri.getHost()).flatMap(host -> m.named(Service.class, host.split("\\.")[0]))
                    .flatMap(this::deploymentOf).ifPresent(provider -> paymentProvider(owner, provider));
        });
    }

    private Optional<Deployment> deploymentOf(Service service) {
        Map<String, String> selector = Optional.ofNullable(service.getSpec().getSelector()).orElse(Map.of());
        return m.all(Deployment.class).stream().filter(d -> !selector.isEmpty() && d.getSpec().getTemplate().getMetadata() != null
                && d.getSpec().getTemplate().getMetadata().getLabels() != null
                && d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).findFirst();
    }

    private void paymentProvider(String owner, Deployment provider) {
        String id = Names.id(provider) + " (" + owner + ")";
        if (!Integer.valueOf(1).equals(provider.getSpec().getReplicas())) {
            add(id + ": replicas must be 1, one process owns the provider's journal");
        }
        if (provider.getSpec().getStrategy() == null || !"Recreate".equals(provider.getSpec().getStrategy().getType())) {
            add(id + ": strategy must be Recreate, so the old pod lets go of the journal before the new one starts");
        }
        var spec = provider.getSpec().getTemplate().getSpec();
        Set<String> claimed = Optional.ofNullable(spec.getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getPersistentVolumeClaim() != null).map(Volume::getName).collect(Collectors.toSet());
        Container c = spec.getContainers().get(0);
        if (Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                .noneMatch(vm -> PROVIDER_JOURNAL.equals(vm.getMountPath()) && claimed.contains(vm.getName()))) {
            add(id + ": needs a PersistentVolumeClaim mounted at " + PROVIDER_JOURNAL + ", or its journal (every"
                    + " authorization and idempotency key) is lost with the pod");
        }
        probe(id + " readinessProbe", c.getReadinessProbe(), PROVIDER_HEALTH);
        probe(id + " livenessProbe", c.getLivenessProbe(), PROVIDER_HEALTH);
    }

    private void workloads() {
        for (StatefulSet s : m.all(StatefulSet.class)) {
            Set<String> claims = s.getSpec().getVolumeClaimTemplates() == null ? Set.of()
                    : s.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
            podTemplate(Names.id(s), s.getSpec().getTemplate(), claims);
        }
        for (Deployment d : m.all(Deployment.class)) {
            podTemplate(Names.id(d), d.getSpec().getTemplate(), Set.of());
        }
        for (Job j : m.all(Job.class)) {
            podTemplate(Names.id(j), j.getSpec().getTemplate(), Set.of());
        }
    }

    private void podTemplate(String id, PodTemplateSpec template, Set<String> claimTemplates) {
        var spec = template.getSpec();
        Optional.ofNullable(spec.getContainers()).orElse(List.of()).forEach(c -> containerReferences(id, c));
        Set<String> mounted = new TreeSet<>(claimTemplates);
        for (Volume v : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
            mounted.add(v.getName());
            if (v.getConfigMap() != null && m.named(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
                add(id + ": volume " + v.getName() + " mounts ConfigMap " + v.getConfigMap().getName() + ", which does not exist");
            }
            if (v.getSecret() != null && m.named(Secret.class, v.getSecret().getSecretName()).isEmpty()) {
                add(id + ": volume " + v.getName() + " mounts Secret " + v.getSecret().getSecretName() + ", which does not exist");
            }
            if (v.getPersistentVolumeClaim() != null
                    && m.named(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
                add(id + ": volume " + v.getName() + " claims " + v.getPersistentVolumeClaim().getClaimName() + ", which does not exist");
            }
        }
        for (Container c : Optional.ofNullable(spec.getContainers()).orElse(List.of())) {
            Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                    .filter(vm -> !mounted.contains(vm.getName()))
                    .forEach(vm -> add(id + ": container " + c.getName() + " mounts undeclared volume " + vm.getName()));
            if (c.getSecurityContext() == null || !Boolean.FALSE.equals(c.getSecurityContext().getAllowPrivilegeEscalation())) {
                add(id + ": container " + c.getName() + " must set allowPrivilegeEscalation: false");
            }
        }
        boolean nonRoot = spec.getSecurityContext() != null && Boolean.TRUE.equals(spec.getSecurityContext().getRunAsNonRoot());
        if (!nonRoot) {
            add(id + ": pod must set runAsNonRoot: true");
        }
    }

    /** Every ConfigMap and Secret key a container reads must exist in deploy/. */
    private void containerReferences(String id, Container c) {
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (e.getValueFrom() == null) {
                continue;
            }
            var cm = e.getValueFrom().getConfigMapKeyRef();
            if (cm != null) {
                Optional<ConfigMap> map = m.named(ConfigMap.class, cm.getName());
                if (map.isEmpty()) {
                    add(id + ": env " + e.getName() + " reads ConfigMap " + cm.getName() + ", which does not exist");
                } else if (map.get().getData() == null || !map.get().getData().containsKey(cm.getKey())) {
                    add(id + ": env " + e.getName() + " reads key " + cm.getKey() + " that ConfigMap " + cm.getName() + " lacks");
                }
            }
            var sk = e.getValueFrom().getSecretKeyRef();
            if (sk != null && m.named(KafkaUser.class, sk.getName()).isPresent()) {
                if (!STRIMZI_USER_SECRET_KEYS.contains(sk.getKey())) {
                    add(id + ": env " + e.getName() + " reads key " + sk.getKey() + " of KafkaUser " + sk.getName()
                            + "'s Secret, which Strimzi writes with keys " + STRIMZI_USER_SECRET_KEYS);
                }
            } else if (sk != null) {
                Optional<Secret> secret = m.named(Secret.class, sk.getName());
                if (secret.isEmpty()) {
                    add(id + ": env " + e.getName() + " reads Secret " + sk.getName() + ", which does not exist");
                } else if (!secretKeys(secret.get()).contains(sk.getKey())) {
                    add(id + ": env " + e.getName() + " reads key " + sk.getKey() + " that Secret " + sk.getName() + " lacks");
                }
            }
        }
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null && m.named(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                add(id + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " does not exist");
            }
            if (from.getSecretRef() != null && m.named(Secret.class, from.getSecretRef().getName()).isEmpty()) {
                add(id + ": envFrom Secret " + from.getSecretRef().getName() + " does not exist");
            }
        }
    }

    static Set<String> secretKeys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).ifPresent(d -> keys.addAll(d.keySet()));
        Optional.ofNullable(secret.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
        return keys;
    }

    /** Each core Service must select the pods of some workload, or it routes nowhere. */
    private void coreServices() {
        List<Map<String, String>> podLabels = new ArrayList<>();
        m.all(StatefulSet.class).forEach(s -> podLabels.add(s.getSpec().getTemplate().getMetadata().getLabels()));
        m.all(Deployment.class).forEach(d -> podLabels.add(d.getSpec().getTemplate().getMetadata().getLabels()));
        for (Service s : m.all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || podLabels.stream().noneMatch(l -> l != null && l.entrySet().containsAll(selector.entrySet()))) {
                add(Names.id(s) + ": selector " + selector + " matches no workload's pods");
            }
        }
    }

    private static String label(HasMetadata r, String key) {
        return r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(key);
    }
}
