package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeycloakServerTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void aMovedStackMovesEveryLocalhostUrlOfTheRealm() {
        String realm = """
                {"redirectUris": ["http://localhost:8090/*", "http://localhost:8080/q/swagger-ui/*"],
                 "webOrigins": ["http://localhost:8084"], "other": "https://example.com:8080/"}""";

        String moved = KeycloakServer.movePorts(realm, 1000);

        assertThat(moved).contains("http://localhost:9090/*", "http://localhost:9080/q/swagger-ui/*",
                "http://localhost:9084\"", "https://example.com:8080/");
        assertThat(KeycloakServer.movePorts(realm, 0)).isEqualTo(realm);
    }

    @Test
    void theRealmHasTheRolesUsersAndClientsTheSuiteReliesOn() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(REPOSITORY.resolve(KeycloakServer.REALM_FILE).toFile());

        assertThat(realm.get("realm").asText()).isEqualTo(StackLayout.REALM);
        assertThat(names(realm.get("roles").get("realm"), "name")).contains("customer", "admin");
        for (JsonNode user : realm.get("users")) {
            String name = user.get("username").asText();
            assertThat(user.get("emailVerified").asBoolean()).as(name).isTrue();
            assertThat(user.get("credentials").get(0).get("value").asText()).as(name)
                    .isEqualTo(RealmTokens.DEMO_USERS.get(name)).endsWith("-local-only");
        }
        assertThat(names(realm.get("users"), "username")).containsExactlyInAnyOrderElementsOf(RealmTokens.DEMO_USERS.keySet());
        JsonNode cli = client(realm, RealmTokens.CLIENT);
        assertThat(cli.get("publicClient").asBoolean()).isTrue();
        assertThat(cli.get("directAccessGrantsEnabled").asBoolean()).isTrue();
        JsonNode console = client(realm, "processflow-console");
        assertThat(console.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(console.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
        for (JsonNode client : List.of(cli, console)) {
            assertThat(client.get("protocolMappers").findValuesAsText("included.custom.audience"))
                    .containsExactly("processflow-api");
        }
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.get("clients")) {
            if (client.get("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get(field).asText()));
        return names;
    }
}
