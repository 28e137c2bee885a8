package dev.processflow.deploycheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * A service's {@code application.properties}, read the way Quarkus resolves it: {@code %profile.} prefixes (several
 * profiles active at once, the last one winning), SmallRye Kafka channel defaults and the environment variable name
 * of every property.
 */
public final class ServiceConfig {

    public static final String INCOMING = "mp.messaging.incoming.";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern JDBC_DATABASE = Pattern.compile("^jdbc:postgresql://[^/]+/([^?;]+)");

    private final String service;
    private final Map<String, String> properties;
    private final ConfigMappings mappings;

    public ServiceConfig(String service, Map<String, String> properties) {
        this(service, properties, ConfigMappings.NONE);
    }

    public ServiceConfig(String service, Map<String, String> properties, ConfigMappings mappings) {
        this.service = service;
        this.properties = Map.copyOf(properties);
        this.mappings = mappings;
    }

    public static Optional<ServiceConfig> read(Path repoRoot, String service) {
        Path file = location(repoRoot, service);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // The platform's configuration is every service's too, below the service's own (a lower ordinal).
        Properties loaded = new Properties();
        for (Path source : List.of(platformConfig(repoRoot), file)) {
            if (!Files.isRegularFile(source)) {
                continue;
            }
            try (Reader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                loaded.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> properties = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key, loaded.getProperty(key)));
        // The platform's code runs in every service, so its configuration is the service's too.
        ConfigMappings mappings = ConfigMappings.scan(List.of(repoRoot.resolve(service).resolve("src/main/java"),
                repoRoot.resolve("platform/src/main/java")));
        return Optional.of(new ServiceConfig(service, properties, mappings));
    }

    public static Path platformConfig(Path repoRoot) {
        return repoRoot.resolve("platform/src/main/resources/META-INF/microprofile-config.properties");
    }

    public static Path location(Path repoRoot, String service) {
        return repoRoot.resolve(service).resolve("src/main/resources/application.properties");
    }

    public String service() {
        return service;
    }

    /** A copy with one property set (key may carry a {@code %profile.} prefix); for drift tests. */
    public ServiceConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(properties);
        copy.put(key, value);
        return new ServiceConfig(service, copy, mappings);
    }

    /** A copy without one property (exact key, profile prefix included); for drift tests. */
    public ServiceConfig without(String key) {
        Map<String, String> copy = new TreeMap<>(properties);
        copy.remove(key);
        return new ServiceConfig(service, copy, mappings);
    }

    /** The value Quarkus would see with these profiles active: the last profile that sets it wins, then the plain key. */
    public Optional<String> value(String name, List<String> profiles) {
        for (int i = profiles.size() - 1; i >= 0; i--) {
            String profile = profiles.get(i);
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (e.getKey().startsWith("%") && propertyName(e.getKey()).equals(name)
                        && profilesOf(e.getKey()).contains(profile)) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.ofNullable(properties.get(name));
    }

    /** Every property under this prefix that these profiles resolve to a value, by name. */
    public Map<String, String> under(String prefix, List<String> profiles) {
        Map<String, String> values = new TreeMap<>();
        properties.keySet().stream().map(ServiceConfig::propertyName).filter(name -> name.startsWith(prefix)).distinct()
                .forEach(name -> value(name, profiles).ifPresent(v -> values.put(name, v)));
        return values;
    }

    /** A comma-separated list property as these profiles resolve it; empty when unset. */
    public List<String> list(String name, List<String> profiles) {
        return value(name, profiles).stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
    }

    /** The incoming channels on the smallrye-kafka connector, with the connector's defaults filled in. */
    public List<KafkaChannel> kafkaChannels(List<String> profiles) {
        Set<String> names = new TreeSet<>();
        for (String key : properties.keySet()) {
            String name = propertyName(key);
            if (name.startsWith(INCOMING)) {
                String rest = name.substring(INCOMING.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        List<KafkaChannel> channels = new ArrayList<>();
        for (String channel : names) {
            String prefix = INCOMING + channel + ".";
            if (!value(prefix + "connector", profiles).filter("smallrye-kafka"::equals).isPresent()) {
                continue;
            }
            String applicationName = value("quarkus.application.name", profiles).orElse(service);
            channels.add(new KafkaChannel(channel,
                    value(prefix + "topic", profiles).orElse(channel),
                    value(prefix + "group.id", profiles).orElse(applicationName),
                    value(prefix + "dead-letter-queue.topic", profiles).orElse("dead-letter-topic-" + channel),
                    !value(prefix + "enabled", profiles).map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)));
        }
        return channels;
    }

    public OptionalInt httpPort(List<String> profiles) {
        return value("quarkus.http.port", profiles).map(v -> OptionalInt.of(Integer.parseInt(v.trim())))
                .orElse(OptionalInt.empty());
    }

    /** The database named by the JDBC URL these profiles resolve to, if the configuration sets one. */
    public Optional<String> database(List<String> profiles) {
        return value("quarkus.datasource.jdbc.url", profiles).flatMap(ServiceConfig::databaseOf);
    }

    public static Optional<String> databaseOf(String jdbcUrl) {
        Matcher m = JDBC_DATABASE.matcher(jdbcUrl.trim());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Every environment variable this configuration reacts to: the variable of each property it sets (in any
     * profile) and each variable it reads through a {@code ${NAME}} expression.
     */
    public Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        properties.forEach((key, value) -> {
            names.add(environmentName(propertyName(key)));
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                names.add(m.group(1).trim());
            }
        });
        return names;
    }

    /** Whether the service reads this environment variable: through its properties or its code's config mappings. */
    public boolean reads(String variable) {
        return environmentVariables().contains(variable) || mappings.reads(variable);
    }

    /** SmallRye Config's mapping: every character that is not a letter or digit becomes '_', then upper case. */
    public static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String propertyName(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    private static Set<String> profilesOf(String key) {
        return Set.of(key.substring(1, key.indexOf('.')).split(","));
    }
}
