package dev.processflow.stack;

import dev.processflow.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker, derived instead of listed a second time. A service writes the topics it owns
 * ({@link Topics#owner}) and the dead-letter topic of each topic it consumes; it reads each topic it consumes, with
 * that channel's consumer group, and the dead-letter topics it redrives ({@value #REDRIVEN}: its operators'
 * {@code /admin/dead-letters} read them without a consumer group and write them back to the topics it owns); all of
 * it read from its own {@code application.properties}. The {@value KafkaCredentials#OBSERVER} reads every topic and
 * dead-letter topic and describes every group, and writes nothing. The broker's StandardAuthorizer denies whatever no
 * grant allows. A configuration that would let a service write a topic it does not own (a dead-letter topic named
 * after no consumed topic) or read dead letters of a topic it does not own is refused, not granted.
 */
public final class KafkaAccess {

    /** One ACL: {@code user} may {@code operation} the literally named resource. */
    public record Grant(String user, AclOperation operation, ResourceType resourceType, String name) {

        public AclBinding binding() {
            return new AclBinding(new ResourcePattern(resourceType, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /** An incoming SmallRye Kafka channel as the service's configuration resolves it. */
    public record Channel(String name, String topic, String group, String deadLetterTopic) {
    }

    /** What a service's configuration says it does on the broker: its incoming channels and the dead letters it redrives. */
    public record Service(List<Channel> channels, List<String> redriven) {

        public Service {
            channels = List.copyOf(channels);
            redriven = List.copyOf(redriven);
        }
    }

    /** The dead-letter topics a service serves under {@code /admin/dead-letters}. */
    public static final String REDRIVEN = "processflow.dead-letters.topics";

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final Comparator<Grant> ORDER = Comparator.comparing(Grant::user).thenComparing(g -> g.operation().name())
            .thenComparing(g -> g.resourceType().name()).thenComparing(Grant::name);

    private final Map<String, Service> services;
    private final List<Grant> grants;

    public KafkaAccess(Map<String, Service> services) {
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        List<Grant> all = new ArrayList<>();
        services.forEach((name, service) -> all.addAll(service(name, service)));
        all.addAll(observer());
        this.grants = all.stream().distinct().sorted(ORDER).toList();
    }

    /** The access of the packaged services, each read from the application.properties inside its built jar. */
    public static KafkaAccess packaged(StackLayout layout, List<String> profiles) {
        Map<String, Service> services = new LinkedHashMap<>();
        for (StackLayout.Service service : layout.services()) {
            services.put(service.name(), service(service.name(), packagedConfig(layout.repository(), service.name()), profiles));
        }
        return new KafkaAccess(services);
    }

    /** The access of the services' sources, read from each module's src/main/resources/application.properties. */
    public static KafkaAccess sources(Path repository, List<String> services, List<String> profiles) {
        Map<String, Service> access = new LinkedHashMap<>();
        for (String service : services) {
            Properties config = new Properties();
            try (InputStream in = Files.newInputStream(repository.resolve(service).resolve("src/main/resources/application.properties"))) {
                config.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the configuration of " + service, e);
            }
            access.put(service, service(service, config, profiles));
        }
        return new KafkaAccess(access);
    }

    /** What this configuration of a service does on the broker, with these profiles active. */
    static Service service(String service, Properties config, List<String> profiles) {
        List<String> redriven = value(config, REDRIVEN, profiles).stream()
                .flatMap(topics -> Stream.of(topics.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList();
        return new Service(channels(service, config, profiles), redriven);
    }

    public List<Grant> grants() {
        return grants;
    }

    /** Every user the broker needs: the super user, the observer and one per service. */
    public Set<String> users() {
        Set<String> users = new TreeSet<>(services.keySet());
        users.add(KafkaCredentials.ADMIN);
        users.add(KafkaCredentials.OBSERVER);
        return users;
    }

    /** The users whose ACLs this model decides entirely; the super user needs none. */
    public Set<String> managedUsers() {
        Set<String> users = new TreeSet<>(users());
        users.remove(KafkaCredentials.ADMIN);
        return users;
    }

    public Map<String, Service> services() {
        return services;
    }

    /**
     * One line per user and operation, {@code user Operation type:name...}, the form docker/kafka/create-access.sh
     * reads to run kafka-acls.sh once per line.
     */
    public String render() {
        Map<String, Set<String>> lines = new LinkedHashMap<>();
        for (Grant grant : grants) {
            lines.computeIfAbsent(grant.user() + " " + camel(grant.operation()), k -> new TreeSet<>())
                    .add(grant.resourceType().name().toLowerCase() + ":" + grant.name());
        }
        return lines.entrySet().stream().map(e -> e.getKey() + " " + String.join(" ", e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The topics whose events {@code service} publishes: {@link Topics#owner} names it. */
    public static List<String> ownedTopics(String service) {
        return Topics.ALL.stream().filter(topic -> Topics.owner(topic).equals("/processflow/" + service)).toList();
    }

    static List<Grant> service(String service, Service access) {
        List<Grant> grants = new ArrayList<>();
        List<String> owned = ownedTopics(service);
        for (String topic : owned) {
            grants.add(new Grant(service, AclOperation.WRITE, ResourceType.TOPIC, topic));
        }
        for (String deadLetters : access.redriven()) {
            if (owned.stream().map(Topics::deadLetter).noneMatch(deadLetters::equals)) {
                throw new StackException(service + "'s " + REDRIVEN + " names " + deadLetters + ", which is not the"
                        + " dead-letter topic of a topic it owns " + owned + ": a redrive writes the original topic");
            }
            // Read implies Describe: partitions and offsets of the topic; no consumer group is involved.
            grants.add(new Grant(service, AclOperation.READ, ResourceType.TOPIC, deadLetters));
        }
        for (Channel channel : access.channels()) {
            if (!channel.deadLetterTopic().equals(Topics.deadLetter(channel.topic()))) {
                throw new StackException(service + "'s channel " + channel.name() + " dead-letters to "
                        + channel.deadLetterTopic() + ", not to " + Topics.deadLetter(channel.topic())
                        + ": a service writes only its own topics and the dead-letter topics of what it consumes");
            }
            grants.add(new Grant(service, AclOperation.READ, ResourceType.TOPIC, channel.topic()));
            grants.add(new Grant(service, AclOperation.READ, ResourceType.GROUP, channel.group()));
            grants.add(new Grant(service, AclOperation.WRITE, ResourceType.TOPIC, channel.deadLetterTopic()));
        }
        return grants;
    }

    static List<Grant> observer() {
        List<Grant> grants = new ArrayList<>();
        for (String topic : Topics.ALL) {
            grants.add(new Grant(KafkaCredentials.OBSERVER, AclOperation.READ, ResourceType.TOPIC, topic));
            grants.add(new Grant(KafkaCredentials.OBSERVER, AclOperation.READ, ResourceType.TOPIC, Topics.deadLetter(topic)));
        }
        // Group offsets and members, for consumer lag in a console; describing a group changes nothing.
        grants.add(new Grant(KafkaCredentials.OBSERVER, AclOperation.DESCRIBE, ResourceType.GROUP, "*"));
        return grants;
    }

    /**
     * The enabled incoming channels on the smallrye-kafka connector, with the connector's defaults (topic = channel
     * name, group = application name, dead letters to {@code dead-letter-topic-<channel>}). A key with a
     * {@code %profile.} prefix applies when that profile is active; of several active profiles the last one wins.
     */
    static List<Channel> channels(String service, Properties config, List<String> profiles) {
        Set<String> names = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            String name = unprofiled(key);
            if (name.startsWith(INCOMING) && name.indexOf('.', INCOMING.length()) > 0) {
                names.add(name.substring(INCOMING.length(), name.indexOf('.', INCOMING.length())));
            }
        }
        String application = value(config, "quarkus.application.name", profiles).orElse(service);
        List<Channel> channels = new ArrayList<>();
        for (String name : names) {
            String prefix = INCOMING + name + ".";
            boolean kafka = value(config, prefix + "connector", profiles).filter("smallrye-kafka"::equals).isPresent();
            boolean enabled = !value(config, prefix + "enabled", profiles).map(v -> v.equalsIgnoreCase("false")).orElse(false);
            if (kafka && enabled) {
                channels.add(new Channel(name, value(config, prefix + "topic", profiles).orElse(name),
                        value(config, prefix + "group.id", profiles).orElse(application),
                        value(config, prefix + "dead-letter-queue.topic", profiles).orElse("dead-letter-topic-" + name)));
            }
        }
        return channels;
    }

    private static Optional<String> value(Properties config, String name, List<String> profiles) {
        for (int i = profiles.size() - 1; i >= 0; i--) {
            for (String key : config.stringPropertyNames()) {
                if (key.startsWith("%") && unprofiled(key).equals(name)
                        && Set.of(key.substring(1, key.indexOf('.')).split(",")).contains(profiles.get(i))) {
                    return Optional.of(config.getProperty(key).trim());
                }
            }
        }
        return Optional.ofNullable(config.getProperty(name)).map(String::trim);
    }

    private static String unprofiled(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    private static String camel(AclOperation operation) {
        String name = operation.name().toLowerCase();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The application.properties that the built service runs with: the one inside its application jar. */
    static Properties packagedConfig(Path repository, String service) {
        Path app = repository.resolve(service).resolve("target/quarkus-app/app");
        try (Stream<Path> jars = Files.list(app)) {
            Path jar = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new StackException("no application jar in " + app + "; run ./mvnw -B package -DskipTests"));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                var entry = zip.getEntry("application.properties");
                if (entry == null) {
                    throw new StackException(jar + " holds no application.properties");
                }
                Properties config = new Properties();
                try (InputStream in = zip.getInputStream(entry)) {
                    config.load(in);
                }
                return config;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged configuration of " + service, e);
        }
    }
}
