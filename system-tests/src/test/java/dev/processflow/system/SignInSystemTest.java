package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.stack.RealmTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The purchase flow through the stack's real Keycloak: customers sign in by password grant, place and read their
 * own orders; another customer cannot see them, the operator sees everything.
 */
@ExtendWith(RunningStack.class)
class SignInSystemTest {

    @Test
    void adasOrderIsHersAndTheOperatorsButNotGraces(RunningStack.Handle stack) throws IOException {
        Shop shop = stack.shop();
        shop.putProduct("SYS-SIGNIN", 1500, 5);
        RealmTokens.Grant ada = RealmTokens.of(stack.stack().layout()).signIn("ada");
        JsonNode claims = claims(ada.accessToken());
        assertThat(claims.get("iss").asText()).isEqualTo(stack.stack().layout().issuer());
        assertThat(claims.get("aud").toString()).contains("processflow-api");
        assertThat(claims.get("realm_access").get("roles").toString()).contains("customer");

        String id = shop.placeOrder("signin-" + UUID.randomUUID(), "ada", "SYS-SIGNIN", 1, "tok_visa",
                Duration.ofSeconds(60)).orElseThrow();
        Awaitility.await().atMost(RunningStack.SAGA_TIMEOUT.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> shop.orders("ada", "/orders/" + id).body().get("status").asText(), "CONFIRMED"::equals);

        Http.Reply asAda = shop.http().get(shop.orderServiceUrl() + "/orders/" + id, ada.accessToken());
        assertThat(asAda.status()).isEqualTo(200);
        assertThat(asAda.body().get("customer").get("id").asText()).isEqualTo(claims.get("sub").asText());
        assertThat(asAda.body().get("customer").get("email").asText()).isEqualTo("ada@example.com");
        assertThat(asAda.body().get("customer").get("name").asText()).isEqualTo("Ada Lovelace");

        assertThat(shop.orders("grace", "/orders/" + id).status()).isEqualTo(404);
        assertThat(shop.orders(Shop.ADMIN, "/orders/" + id).status()).isEqualTo(200);
        assertThat(ids(shop.orders(Shop.ADMIN, "/orders?limit=100"))).contains(id);
        assertThat(ids(shop.orders("ada", "/orders?limit=100"))).contains(id);
        assertThat(ids(shop.orders("grace", "/orders?limit=100"))).doesNotContain(id);
        String payments = stack.stack().layout().service("payment-service").url() + "/payments/" + id;
        assertThat(shop.http().get(payments, shop.token("grace")).status()).isEqualTo(404);
        assertThat(shop.http().get(payments, ada.accessToken()).status()).isEqualTo(200);
        assertThat(shop.http().get(shop.orderServiceUrl() + "/orders/" + id).status()).isEqualTo(401);
    }

    private static List<String> ids(Http.Reply list) {
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.body().forEach(order -> ids.add(order.get("id").asText()));
        return ids;
    }

    private static JsonNode claims(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
