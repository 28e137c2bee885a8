package dev.processflow.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files live, found from the working directory (the module or the repository root). */
public record Repo(Path root) {

    public static Repo locate() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/kustomization.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return new Repo(p);
            }
        }
        throw new IllegalStateException("no repository root (with deploy/kustomization.yaml) above " + dir);
    }

    public Path deploy() {
        return root.resolve("deploy");
    }

    public Path compose() {
        return root.resolve("docker-compose.yml");
    }

    public Path composeTopics() {
        return composeKafka().resolve("topics.txt");
    }

    /** What the compose broker and its init containers run from. */
    public Path composeKafka() {
        return root.resolve("docker/kafka");
    }

    public Path initDatabases() {
        return deploy().resolve("postgres/init-databases.sql");
    }

    /** The platform's HTTP CloudEvents endpoint, whose path every push sink must target. */
    public Path pushResource() {
        return root.resolve("platform/src/main/java/dev/processflow/platform/push/CloudEventsResource.java");
    }
}
