package dev.processflow.deploycheck;

import dev.processflow.deploycheck.Contract.ServiceSpec;
import dev.processflow.events.Topics;
import io.fabric8.knative.bindings.v1beta1.KafkaSASLSpec;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Who may do what on Kafka: each KafkaUser's ACLs against what its client does. A service writes the topics it owns
 * (the design) and the dead-letter topics of its channels, reads its channels' topics with their groups and the
 * dead-letter topics of its own topics, which it redrives (its application.properties); the KafkaSources' user reads what the sources relay, the dead-letter sinks' user writes
 * their topics; the observer reads only. Nothing more, nothing less.
 */
final class KafkaAccess {

    /** One ACL entry, as the broker sees it. */
    record Grant(String resource, String name, String operation) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return operation + " " + resource + " " + name;
        }
    }

    /** The dead-letter topics a service serves under {@code /admin/dead-letters}. */
    static final String REDRIVEN = "processflow.dead-letters.topics";

    private static final Set<AclOperation> READ_ONLY = Set.of(AclOperation.READ, AclOperation.DESCRIBE,
            AclOperation.DESCRIBECONFIGS);

    private final Manifests m;
    private final Suite suite;
    private final Consumer<String> findings;

    KafkaAccess(Suite suite, Consumer<String> findings) {
        this.m = suite.manifests();
        this.suite = suite;
        this.findings = findings;
    }

    void check() {
        for (KafkaUser user : m.all(KafkaUser.class)) {
            if (!(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication)) {
                findings.accept(Names.id(user) + ": must authenticate with scram-sha-512, the listeners' mechanism");
            }
            if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple)) {
                findings.accept(Names.id(user) + ": needs authorization type simple, or the broker denies it everything");
            }
        }
        for (ServiceSpec spec : Contract.SERVICES) {
            suite.config(spec.name()).ifPresent(config -> {
                Set<Grant> expected = new TreeSet<>();
                spec.owns().forEach(topic -> expected.add(topic(topicOp(AclOperation.WRITE), topic)));
                for (KafkaChannel channel : config.kafkaChannels(DeployCheck.PROD)) {
                    expected.add(topic(topicOp(AclOperation.READ), channel.topic()));
                    expected.add(new Grant("group", channel.groupId(), AclOperation.READ.toValue()));
                    expected.add(topic(topicOp(AclOperation.WRITE), channel.deadLetterTopic()));
                }
                redriven(spec, config).forEach(topic -> expected.add(topic(topicOp(AclOperation.READ), topic)));
                compare(spec.name(), expected, "what " + spec.name() + " owns, consumes and redrives");
            });
        }
        Map<String, Set<Grant>> sourceUsers = new LinkedHashMap<>();
        for (KafkaSource source : m.all(KafkaSource.class)) {
            saslUser(source).ifPresentOrElse(user -> {
                Set<Grant> grants = sourceUsers.computeIfAbsent(user, u -> new TreeSet<>());
                Optional.ofNullable(source.getSpec().getTopics()).orElse(List.of())
                        .forEach(t -> grants.add(topic(topicOp(AclOperation.READ), t)));
                grants.add(new Grant("group", source.getSpec().getConsumerGroup(), AclOperation.READ.toValue()));
            }, () -> findings.accept(Names.id(source) + ": needs net.sasl with user, password and type from a Secret of deploy/"
                    + " (the listeners require SCRAM-SHA-512)"));
        }
        sourceUsers.forEach((user, expected) -> compare(user, expected, "what its KafkaSources relay"));
        Map<String, Set<Grant>> sinkUsers = new LinkedHashMap<>();
        for (KafkaSink sink : m.all(KafkaSink.class)) {
            sinkUser(sink).ifPresentOrElse(user -> sinkUsers.computeIfAbsent(user, u -> new TreeSet<>())
                    .add(topic(topicOp(AclOperation.WRITE), sink.getSpec().getTopic())),
                    () -> findings.accept(Names.id(sink) + ": needs auth.secret.ref to a Secret of deploy/ with protocol,"
                            + " sasl.mechanism, user and password"));
        }
        sinkUsers.forEach((user, expected) -> compare(user, expected, "the topics of its KafkaSinks"));
        m.named(KafkaUser.class, "observer").ifPresentOrElse(observer -> rules(observer).stream()
                .flatMap(r -> operations(r).stream()).filter(op -> !READ_ONLY.contains(op)).distinct()
                .forEach(op -> findings.accept(Names.id(observer) + ": the observer must only read, not " + op.toValue())),
                () -> findings.accept("KafkaUser observer (read-only, for operators' tooling) is missing from deploy/"));
    }

    /**
     * The dead-letter topics a service's {@code /admin/dead-letters} reads (without a consumer group) to redrive them
     * into their original topic: exactly those of the topics it owns, since a redrive writes the original topic.
     */
    private List<String> redriven(ServiceSpec spec, ServiceConfig config) {
        List<String> served = config.list(REDRIVEN, DeployCheck.PROD);
        Set<String> ownDeadLetters = new TreeSet<>();
        spec.owns().forEach(topic -> ownDeadLetters.add(Topics.deadLetter(topic)));
        List<String> readable = new ArrayList<>();
        for (String topic : served) {
            if (ownDeadLetters.contains(topic)) {
                readable.add(topic);
            } else {
                findings.accept(spec.name() + "'s " + REDRIVEN + " names " + topic + ", which is not the dead-letter"
                        + " topic of a topic it owns " + new TreeSet<>(spec.owns()) + ": it may neither read nor redrive it");
            }
        }
        ownDeadLetters.stream().filter(topic -> !served.contains(topic)).forEach(topic -> findings.accept(spec.name()
                + "'s " + REDRIVEN + " lacks " + topic + ", so no operator could redrive the dead letters of its own topic"));
        return readable;
    }

    private static String topicOp(AclOperation op) {
        return op.toValue();
    }

    private static Grant topic(String op, String name) {
        return new Grant("topic", name, op);
    }

    private void compare(String user, Set<Grant> expected, String what) {
        Optional<KafkaUser> found = m.named(KafkaUser.class, user);
        if (found.isEmpty()) {
            findings.accept("KafkaUser " + user + " is missing from deploy/ (it needs " + expected + ")");
            return;
        }
        Set<Grant> actual = grants(found.get());
        Set<Grant> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<Grant> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        if (!missing.isEmpty()) {
            findings.accept("KafkaUser/" + user + ": lacks " + missing + ", needed for " + what);
        }
        if (!extra.isEmpty()) {
            findings.accept("KafkaUser/" + user + ": grants " + extra + " beyond " + what);
        }
    }

    static Set<Grant> grants(KafkaUser user) {
        Set<Grant> grants = new TreeSet<>();
        for (AclRule rule : rules(user)) {
            String type;
            String name;
            String pattern;
            if (rule.getResource() instanceof AclRuleTopicResource t) {
                type = "topic";
                name = t.getName();
                pattern = t.getPatternType() == null ? "literal" : t.getPatternType().toValue();
            } else if (rule.getResource() instanceof AclRuleGroupResource g) {
                type = "group";
                name = g.getName();
                pattern = g.getPatternType() == null ? "literal" : g.getPatternType().toValue();
            } else {
                type = rule.getResource().getType();
                name = "*";
                pattern = "literal";
            }
            String shown = pattern.equals("literal") ? name : name + "*";
            operations(rule).forEach(op -> grants.add(new Grant(type, shown, op.toValue())));
        }
        return grants;
    }

    private static List<AclRule> rules(KafkaUser user) {
        return user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple && simple.getAcls() != null
                ? simple.getAcls() : List.of();
    }

    private static List<AclOperation> operations(AclRule rule) {
        List<AclOperation> ops = new ArrayList<>(Optional.ofNullable(rule.getOperations()).orElse(List.of()));
        Optional.ofNullable(rule.getOperation()).ifPresent(ops::add);
        return ops;
    }

    /** The user a KafkaSource logs in as: the value its net.sasl.user points at. */
    private Optional<String> saslUser(KafkaSource source) {
        return Optional.ofNullable(source.getSpec().getNet()).map(n -> n.getSasl()).filter(s -> Boolean.TRUE.equals(s.getEnable()))
                .map(KafkaSASLSpec::getUser).map(u -> u.getSecretKeyRef())
                .flatMap(ref -> secretValue(ref.getName(), ref.getKey()));
    }

    private Optional<String> sinkUser(KafkaSink sink) {
        return Optional.ofNullable(sink.getSpec().getAuth()).map(a -> a.getSecret()).map(s -> s.getRef())
                .flatMap(ref -> secretValue(ref.getName(), "user"));
    }

    Optional<String> secretValue(String secret, String key) {
        return m.named(Secret.class, secret).map(Secret::getData).map(d -> d.get(key))
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
    }
}
