package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proves an endpoint refuses every caller that is not properly signed in: no token, and tokens that are expired,
 * from another issuer, signed with a key the issuer never published, claiming the issuer without its key, or issued
 * for another audience. Each bad token carries both realm roles, so only its validity can be why it is refused.
 * Every refusal must be a 401 problem document with a bearer challenge.
 */
public final class SignInChecks {

    private SignInChecks() {
    }

    /** Each way of not being signed in, by name; the anonymous caller has no token (null). */
    public static Map<String, String> invalidCredentials() {
        TestIssuer users = TestIssuer.users();
        TestIssuer stranger = TestIssuer.named("stranger");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("anonymous", null);
        tokens.put("expired", users.token(TestUsers.ADA).email("ada@example.com").name("Ada Lovelace")
                .roles("customer", "admin").expired().sign());
        tokens.put("another issuer", stranger.token(TestUsers.ADA).email("ada@example.com").name("Ada Lovelace")
                .roles("customer", "admin").sign());
        tokens.put("unknown key", users.token(TestUsers.ADA).email("ada@example.com").name("Ada Lovelace")
                .roles("customer", "admin").signWithUnknownKey());
        tokens.put("issuer claimed by a stranger", stranger.token(TestUsers.ADA).email("ada@example.com")
                .name("Ada Lovelace").roles("customer", "admin").claimingIssuer(users.url()).sign());
        tokens.put("wrong audience", users.token(TestUsers.ADA).email("ada@example.com").name("Ada Lovelace")
                .roles("customer", "admin").audience("some-other-api").sign());
        return tokens;
    }

    /** Calls {@code method path} once per invalid credential and asserts each is a 401 with a bearer challenge. */
    public static void assertRefusesUnauthenticated(String method, String path) {
        invalidCredentials().forEach((what, token) -> {
            RequestSpecification request = given().contentType("application/json").body("{}");
            if (token != null) {
                request.auth().oauth2(token);
            }
            try {
                request.when().request(method, path).then()
                        .statusCode(401)
                        .header("WWW-Authenticate", startsWith("Bearer"))
                        .contentType("application/problem+json")
                        .body("status", equalTo(401));
            } catch (AssertionError e) {
                throw new AssertionError(method + " " + path + " as " + what + ": " + e.getMessage(), e);
            }
        });
    }
}
