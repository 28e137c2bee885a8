package dev.processflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak as one process of the local stack, from the distribution the build unpacks into {@code stack/target/keycloak}:
 * {@code kc.sh start-dev} on 127.0.0.1 with a fixed hostname, so the issuer stays {@code http://localhost:<port>/realms/processflow}
 * however it is reached; its dev-file database lives under the data directory and the realm is imported from
 * {@code deploy/keycloak/processflow-realm.json} on first start (Keycloak skips an existing realm).
 */
final class KeycloakServer {

    static final String REALM_FILE = "deploy/keycloak/processflow-realm.json";

    /**
     * Bounded heap; serial collector and C1-only compilation as for the services, so the sign-in server does not
     * compete with them for the small machine's cores. {@code PROCESSFLOW_KEYCLOAK_JAVA_OPTS} replaces these.
     */
    static final String JVM_OPTIONS = "-Xms64m -Xmx256m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m "
            + "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 "
            + "-Djava.security.egd=file:/dev/urandom";

    private static final Pattern LOCAL_URL = Pattern.compile("http://localhost:(\\d+)");

    private final StackLayout layout;

    KeycloakServer(StackLayout layout) {
        this.layout = layout;
    }

    /** The unpacked distribution; absent until {@code ./mvnw package} ran in the stack module. */
    static Path home(Path repository) {
        Properties properties = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("keycloak.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new StackException("the runner is not built (no keycloak.properties); run ./mvnw -B package -DskipTests", e);
        }
        return repository.resolve("stack/target/keycloak/keycloak-" + properties.getProperty("version"));
    }

    Path directory() {
        return layout.dataDir().resolve("keycloak");
    }

    List<String> command() {
        Path home = home(layout.repository());
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            throw new StackException("Keycloak is not unpacked in " + home + "; run ./mvnw -B package -DskipTests");
        }
        String port = Integer.toString(layout.keycloakPort());
        return List.of("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=" + layout.keycloakUrl(),
                "--db=dev-file", "--db-url=jdbc:h2:file:" + directory().resolve("db/keycloak") + ";NON_KEYWORDS=VALUE",
                "--log-console-color=false");
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        String options = System.getenv().getOrDefault("PROCESSFLOW_KEYCLOAK_JAVA_OPTS", JVM_OPTIONS);
        // What --import-realm does for Keycloak's own data/import folder, for a folder of this stack.
        env.put("JAVA_OPTS", options + " -Dkeycloak.migration.dir=" + importDirectory());
        // The master realm's administrator, created on first start, for the admin console at /admin.
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "kcadmin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "kcadmin-local-only");
        return env;
    }

    /**
     * Writes the realm to import, with every localhost URL in it (redirect URIs, web origins of the console and the
     * Swagger UIs) moved by the stack's port offset, so sign-in works on a moved stack too.
     */
    void prepareRealm() {
        try {
            String realm = Files.readString(layout.repository().resolve(REALM_FILE), StandardCharsets.UTF_8);
            Files.createDirectories(importDirectory());
            Files.writeString(importDirectory().resolve("processflow-realm.json"), movePorts(realm, layout.portOffset()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the realm import from " + REALM_FILE, e);
        }
    }

    static String movePorts(String realm, int offset) {
        Matcher matcher = LOCAL_URL.matcher(realm);
        StringBuilder moved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(moved, "http://localhost:" + (Integer.parseInt(matcher.group(1)) + offset));
        }
        matcher.appendTail(moved);
        return moved.toString();
    }

    boolean ready() {
        return Stack.httpOk(layout.issuer() + "/.well-known/openid-configuration");
    }

    private Path importDirectory() {
        return directory().resolve("import");
    }
}
