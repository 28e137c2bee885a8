package dev.processflow.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Configuration a service reads in code, which application.properties need not mention: {@code @ConfigProperty}
 * names, and {@code @ConfigMapping} interfaces whose members (an {@code Optional} endpoint, say) are set only from
 * the environment. Read from the Java sources, so a variable counts as read when it is the mapping's prefix
 * followed by member names of that mapping (a group's name alone passes too: the sources do not tell groups from
 * values).
 */
public record ConfigMappings(Set<String> propertyVariables, Map<String, Set<List<String>>> members) {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"");
    private static final Pattern MAP_MEMBER = Pattern.compile("Map<[^;]*>\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    /** Stands for a map key chosen by the configuration, after the name of a {@code Map} member. */
    private static final String KEY = "*";

    public static final ConfigMappings NONE = new ConfigMappings(Set.of(), Map.of());

    public ConfigMappings {
        propertyVariables = Set.copyOf(propertyVariables);
        members = Map.copyOf(members);
    }

    public static ConfigMappings scan(List<Path> sourceRoots) {
        Set<String> properties = new TreeSet<>();
        Map<String, Set<List<String>>> members = new TreeMap<>();
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher property = CONFIG_PROPERTY.matcher(source);
                    while (property.find()) {
                        properties.add(ServiceConfig.environmentName(property.group(1)));
                    }
                    Matcher mapping = CONFIG_MAPPING.matcher(source);
                    if (mapping.find()) {
                        Set<List<String>> names = members.computeIfAbsent(ServiceConfig.environmentName(mapping.group(1)), p -> new HashSet<>());
                        Matcher member = MEMBER.matcher(source);
                        while (member.find()) {
                            names.add(tokens(kebab(member.group(1))));
                        }
                        Matcher map = MAP_MEMBER.matcher(source);
                        while (map.find()) {
                            List<String> keyed = new java.util.ArrayList<>(tokens(kebab(map.group(1))));
                            keyed.add(KEY);
                            names.add(keyed);
                        }
                        Matcher withName = WITH_NAME.matcher(source);
                        while (withName.find()) {
                            names.add(tokens(withName.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Set<List<String>>> frozen = new TreeMap<>();
        members.forEach((prefix, names) -> frozen.put(prefix, Set.copyOf(names.stream().map(List::copyOf).toList())));
        return new ConfigMappings(properties, frozen);
    }

    /** Whether the code reads this environment variable. */
    public boolean reads(String variable) {
        if (propertyVariables.contains(variable)) {
            return true;
        }
        for (Map.Entry<String, Set<List<String>>> mapping : members.entrySet()) {
            String prefix = mapping.getKey() + "_";
            if (variable.startsWith(prefix) && covered(tokens(variable.substring(prefix.length())), mapping.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the tokens are exactly a sequence of member names (S3 then ACCESS_KEY_ID, say). */
    private static boolean covered(List<String> tokens, Set<List<String>> names) {
        boolean[] reachable = new boolean[tokens.size() + 1];
        reachable[0] = true;
        for (int i = 0; i < tokens.size(); i++) {
            if (!reachable[i]) {
                continue;
            }
            for (List<String> name : names) {
                int end = i + name.size();
                if (!name.isEmpty() && end <= tokens.size() && matches(tokens.subList(i, end), name)) {
                    reachable[end] = true;
                }
            }
        }
        return !tokens.isEmpty() && reachable[tokens.size()];
    }

    private static boolean matches(List<String> tokens, List<String> name) {
        for (int i = 0; i < name.size(); i++) {
            if (!name.get(i).equals(KEY) && !name.get(i).equals(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> tokens(String name) {
        return Arrays.stream(ServiceConfig.environmentName(name).split("_+")).filter(t -> !t.isEmpty()).toList();
    }
}
