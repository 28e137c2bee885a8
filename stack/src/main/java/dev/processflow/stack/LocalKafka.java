package dev.processflow.stack;

import dev.processflow.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The stack's broker: one KRaft node (broker and controller) on 127.0.0.1 that authenticates every connection and
 * authorizes every request.
 * <ul>
 * <li>Client listener: SASL_PLAINTEXT with SCRAM-SHA-512 only. Services, tools and the broker's own inter-broker
 * client log in there; the credentials live in the cluster metadata.</li>
 * <li>Controller listener: SASL_PLAINTEXT with PLAIN and one static user, {@value KafkaCredentials#ADMIN}, whose
 * password sits in this data directory's server.properties. It cannot be SCRAM: SCRAM credentials live in the
 * metadata log the controller itself serves. It cannot be unauthenticated either: a controller answers
 * CreateAcls, AlterUserScramCredentials and CreateTopics straight from clients (KIP-919), so an anonymous principal
 * there would need super-user rights and any local process could grant itself anything.</li>
 * <li>StandardAuthorizer, {@value KafkaCredentials#ADMIN} the only super user, no access without an ACL.</li>
 * </ul>
 * The super user's SCRAM credential is written at format time: it has to exist before anyone can log in to the
 * broker (Kafka's Admin client does not send AlterUserScramCredentials to a controller directly). Every other user
 * and every ACL goes in through the Admin API at each start, as the super user: format time only reaches an empty
 * log directory, so a new service or a changed channel would otherwise need a reformat, whereas the reconciliation
 * brings the broker in line with the current configuration and removes ACLs that no longer follow from it.
 */
final class LocalKafka {

    static final int PARTITIONS = 3;
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final StackLayout layout;
    private final KafkaCredentials credentials;

    LocalKafka(StackLayout layout, KafkaCredentials credentials) {
        this.layout = layout;
        this.credentials = credentials;
    }

    Path directory() {
        return KafkaCredentials.directory(layout.dataDir());
    }

    Path logDir() {
        return logDir(layout.dataDir());
    }

    boolean formatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    private static Path logDir(Path dataDir) {
        return KafkaCredentials.directory(dataDir).resolve("data");
    }

    /**
     * A log directory formatted before the broker authenticated anyone has no super user, and nothing can add one
     * to it; such a data directory is refused with the way out rather than started half-secured.
     */
    static void checkCreatedWithCredentials(Path dataDir) {
        if (Files.exists(logDir(dataDir).resolve("meta.properties")) && !KafkaCredentials.exist(dataDir)) {
            throw new StackException("the Kafka data in " + logDir(dataDir) + " predates broker authentication and has no "
                    + "users; start with --fresh to recreate the data directory");
        }
    }

    /** Writes server.properties (readable by its owner only: it holds the controller credential) and returns it. */
    Path writeConfig() {
        Path config = directory().resolve("server.properties");
        String admin = KafkaCredentials.ADMIN;
        String password = credentials.password(admin);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + layout.controllerPort());
        p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + layout.kafkaPort() + ",CONTROLLER://127.0.0.1:" + layout.controllerPort());
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + layout.kafkaPort());
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.setProperty("listener.name.sasl_plaintext.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                credentials.security(admin).get("sasl.jaas.config"));
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        // The static user list (user_<name>) is what the controller accepts; username/password is what the broker
        // itself presents to the controller.
        p.setProperty("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"" + admin + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";");
        p.setProperty("authorizer.class.name", AUTHORIZER);
        p.setProperty("super.users", "User:" + admin);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("log.dirs", logDir().toString());
        p.setProperty("num.partitions", Integer.toString(PARTITIONS));
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        try {
            Files.createDirectories(logDir());
            KafkaCredentials.writePrivate(config, p, "generated by processflow up (local only: holds the controller password)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + config, e);
        }
        return config;
    }

    /**
     * Kafka's own generator: its ids never start with '-', which kafka-storage's argument parser would take for an
     * option (a plain random UUID in URL-safe Base64 does, one time in 64, and the format fails).
     */
    static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    /** The broker lets the super user in with SCRAM on the client listener. */
    boolean ready() {
        if (!Stack.accepting(layout.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** The arguments of kafka.tools.StorageTool that format the log directory with the super user in it. */
    List<String> formatArguments(Path config) {
        return List.of("format", "-t", clusterId(), "-c", config.toString(), "--add-scram", "SCRAM-SHA-512=[name="
                + KafkaCredentials.ADMIN + ",password=" + credentials.password(KafkaCredentials.ADMIN) + "]");
    }

    /**
     * Upserts every user's SCRAM credential and makes the ACLs exactly what {@code access} says: missing ones are
     * created, ones of its users that no longer follow from the configuration are deleted. Returns once the broker
     * knows every user, so a service started next can log in.
     */
    void apply(KafkaAccess access) {
        try (Admin admin = admin()) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String user : access.users()) {
                users.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                        credentials.password(user)));
            }
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            awaitUsers(admin, access.users());
            Set<AclBinding> wanted = new HashSet<>();
            access.grants().forEach(grant -> wanted.add(grant.binding()));
            Set<AclBinding> present = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            List<AclBindingFilter> stale = present.stream()
                    .filter(b -> !wanted.contains(b) && access.managedUsers().stream()
                            .anyMatch(user -> b.entry().principal().equals("User:" + user)))
                    .map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
            }
            List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new StackException("could not set up Kafka users and ACLs: " + e.getCause().getMessage(), e);
        } catch (Exception e) {
            throw new StackException("could not set up Kafka users and ACLs: " + e.getMessage(), e);
        }
    }

    private static void awaitUsers(Admin admin, Set<String> users) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeUserScramCredentials().users().get(10, TimeUnit.SECONDS).containsAll(users)) {
            if (System.nanoTime() > deadline) {
                throw new StackException("the broker did not learn the users " + users + " within 30 s");
            }
            Thread.sleep(100);
        }
    }

    void createTopics() {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 1);
                if (topic.equals(Topics.CATALOG)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(newTopic);
                topics.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
            }
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (Exception e) {
                    throw new StackException("could not create topic " + name + ": " + e.getMessage(), e);
                }
            });
        }
    }

    /** The super user on the client listener. */
    Admin admin() {
        Map<String, Object> config = new java.util.HashMap<>(credentials.client(KafkaCredentials.ADMIN, layout.kafkaBootstrap()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(config);
    }
}
