package dev.processflow.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service as the startup benchmark runs it: its jars, its bench database, its incoming channels (read from its
 * application.properties, so a new channel is redirected too) and the channel its trigger event goes to.
 */
record ServiceUnderTest(String name, Path repository, String benchDatabase, List<String> channels, String triggerChannel) {

    static final List<String> NAMES = List.of("order-service", "payment-service", "inventory-service",
            "notification-service", "image-service");
    private static final Map<String, String[]> KNOWN = Map.of(
            "order-service", new String[] {"orders", "catalog"},
            "payment-service", new String[] {"payments", "orders"},
            "inventory-service", new String[] {"inventory", "orders"},
            "notification-service", new String[] {"notifications", "orders"},
            "image-service", new String[] {"images", "images"});
    private static final Pattern CHANNEL = Pattern.compile("^mp\\.messaging\\.incoming\\.([A-Za-z0-9_-]+)\\.topic\\s*=");

    static List<ServiceUnderTest> select(Path repository, List<String> names) {
        List<ServiceUnderTest> services = new ArrayList<>();
        for (String name : names) {
            String[] known = KNOWN.get(name);
            if (known == null) {
                throw new IllegalArgumentException("unknown service " + name + "; known: " + NAMES);
            }
            services.add(new ServiceUnderTest(name, repository, "bench_start_" + known[0], channels(repository, name), known[1]));
        }
        return services;
    }

    private static List<String> channels(Path repository, String name) {
        Path properties = repository.resolve(name).resolve("src/main/resources/application.properties");
        try {
            List<String> channels = new ArrayList<>();
            for (String line : Files.readAllLines(properties)) {
                Matcher matcher = CHANNEL.matcher(line.trim());
                if (matcher.find()) {
                    channels.add(matcher.group(1));
                }
            }
            return List.copyOf(channels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + properties, e);
        }
    }

    Path stackJar() {
        return repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    Path aotJar(String output) {
        return repository.resolve(name).resolve("target").resolve(output).resolve("quarkus-run.jar");
    }
}
