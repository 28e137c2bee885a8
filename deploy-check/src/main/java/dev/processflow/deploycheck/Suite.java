package dev.processflow.deploycheck;

import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the checks compare, read from the repository at test time: the services' configuration (those that
 * exist yet), the deploy/ objects, the push endpoint's path, the databases PostgreSQL's init script creates, each
 * service's REST roots and the services whose push functions run their sweeps on a PingSource tick.
 */
public record Suite(Map<String, ServiceConfig> configs, Manifests manifests, Optional<String> pushPath,
        Set<String> databases, Map<String, Set<String>> restRoots, Set<String> sweeping) {

    static final String OPERATOR_ROOT = "/admin";
    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]+)\"\\)");
    /** platform's push functions that answer a PingSource tick by running every sweep of the service. */
    private static final Pattern SWEEPING = Pattern.compile("\\bextends\\s+SweepingPushFunctions\\b");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+\"?([A-Za-z0-9_]+)\"?");

    public Suite {
        configs = Map.copyOf(configs);
        databases = Collections.unmodifiableSortedSet(new TreeSet<>(databases));
        restRoots = Map.copyOf(restRoots);
        sweeping = Collections.unmodifiableSortedSet(new TreeSet<>(sweeping));
    }

    public static Suite load(Repo repo) {
        return load(repo, Kustomize.load(repo.deploy(), Manifests.serialization()));
    }

    public static Suite load(Repo repo, Manifests manifests) {
        Map<String, ServiceConfig> configs = new LinkedHashMap<>();
        Contract.SERVICES.forEach(s -> ServiceConfig.read(repo.root(), s.name()).ifPresent(c -> configs.put(s.name(), c)));
        Optional<String> pushPath = Files.isRegularFile(repo.pushResource())
                ? firstGroup(PATH, Kustomize.readString(repo.pushResource()))
                : Optional.empty();
        Map<String, Set<String>> roots = new LinkedHashMap<>();
        Contract.SERVICES.forEach(s -> roots.put(s.name(), restRoots(repo.root().resolve(s.name()).resolve("src/main/java"))));
        Set<String> sweeping = new TreeSet<>();
        Contract.SERVICES.stream().filter(s -> sweeps(repo.root().resolve(s.name()).resolve("src/main/java")))
                .forEach(s -> sweeping.add(s.name()));
        return new Suite(configs, manifests, pushPath, databases(Kustomize.readString(repo.initDatabases())), roots,
                sweeping);
    }

    /** Whether these sources hold push functions that run the service's sweeps on a PingSource tick. */
    static boolean sweeps(java.nio.file.Path sources) {
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (var files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .anyMatch(f -> SWEEPING.matcher(Kustomize.readString(f)).find());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The first path segments of the JAX-RS resources in these sources: what a service serves over REST to the
     * public. Operator endpoints under {@value #OPERATOR_ROOT} are left out: operators reach them inside the cluster,
     * never through the public gateway.
     */
    static Set<String> restRoots(java.nio.file.Path sources) {
        Set<String> roots = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return roots;
        }
        try (var files = Files.walk(sources)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = PATH.matcher(Kustomize.readString(file));
                while (m.find()) {
                    String first = m.group(1).replaceAll("^/+", "").split("/")[0];
                    if (!first.isEmpty() && !first.contains("{") && !("/" + first).equals(OPERATOR_ROOT)) {
                        roots.add("/" + first);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return roots;
    }

    public static Set<String> databases(String initSql) {
        Set<String> names = new TreeSet<>();
        Matcher m = CREATE_DATABASE.matcher(initSql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public Suite withConfig(ServiceConfig config) {
        Map<String, ServiceConfig> copy = new LinkedHashMap<>(configs);
        copy.put(config.service(), config);
        return new Suite(copy, manifests, pushPath, databases, restRoots, sweeping);
    }

    public Suite withManifests(Manifests changed) {
        return new Suite(configs, changed, pushPath, databases, restRoots, sweeping);
    }

    public Optional<ServiceConfig> config(String service) {
        return Optional.ofNullable(configs.get(service));
    }

    private static Optional<String> firstGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
