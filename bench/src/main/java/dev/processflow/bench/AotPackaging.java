package dev.processflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packages services with Quarkus's AOT support ({@code quarkus.package.jar.aot.enabled}): the aot-jar layout, whose
 * classes all load from the class path so the JDK can cache them, built on the JDK that will train and run it. Tests
 * are skipped; the training is the caller's.
 */
public final class AotPackaging {

    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private AotPackaging() {
    }

    /** Packages {@code modules} into {@code <module>/target/<outputDirectory>}; the build's output goes to {@code log}. */
    public static void build(Path repository, String jdk, List<String> modules, String outputDirectory, Path log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(repository.resolve("mvnw").toString(), "-B", "-q", "-pl",
                String.join(",", modules), "-am", "package", "-DskipTests", "-Dquarkus.package.jar.aot.enabled=true",
                "-Dquarkus.package.jar.aot.type=AOT", "-Dquarkus.package.jar.aot.phase=INTEGRATION_TESTS",
                "-Dquarkus.package.output-directory=" + outputDirectory));
        System.out.println("building the aot-jar packaging (JAVA_HOME=" + jdk + "): " + String.join(" ", command));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", jdk);
        if (builder.start().waitFor() != 0) {
            throw new IllegalStateException("the aot-jar build failed; see " + log);
        }
        for (String module : modules) {
            Path jar = repository.resolve(module).resolve("target").resolve(outputDirectory).resolve("quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException("the aot-jar packaging " + jar + " was not written; see " + log);
            }
        }
    }

    /** The feature version of the JDK at {@code home}, from its {@code release} file; empty if there is none. */
    public static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher version = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
