package dev.processflow.console;

import static dev.processflow.testsupport.TestUsers.asAda;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.processflow.console.support.StubServices;
import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Deny by default: the pages are public, everything they show is not; the sign-in goes through the realm. */
@QuarkusTest
@QuarkusTestResource(KafkaEngine.class)
@QuarkusTestResource(IdentityEngine.class)
@QuarkusTestResource(StubServices.class)
class ConsoleSecurityTest {

    @Test
    void thePagesAreServedWithAPolicyThatAllowsNothingFromElsewhere() {
        given().redirects().follow(false).get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("<main id=\"main\""));
        given().get("/js/flow.js").then().statusCode(200);
    }

    @Test
    void aStrangerIsSentToTheRealmsSignInPageOrToldTheSessionIsMissing() {
        String authorization = TestIssuer.users().url() + "/protocol/openid-connect/auth";
        given().redirects().follow(false).get("/api/orders").then().statusCode(302)
                .header("Location", startsWith(authorization))
                .header("Location", containsString("client_id=processflow-console"))
                .header("Location", containsString("code_challenge_method=S256"));
        given().redirects().follow(false).get("/login").then().statusCode(302).header("Location", startsWith(authorization));
        given().header("X-Requested-With", "JavaScript").get("/api/orders").then().statusCode(499);
        given().header("X-Requested-With", "JavaScript").get("/api/ops/health").then().statusCode(499);
        given().get("/api/session").then().statusCode(200).body("signedIn", equalTo(false));
    }

    @Test
    void aTokenOfAnotherIssuerOrForAnotherAudienceIsRefused() {
        given().auth().oauth2(TestIssuer.named("stranger").customer("mallory", "m@example.com", "Mallory"))
                .get("/api/orders").then().statusCode(401);
        given().auth().oauth2(TestIssuer.users().token("ada").audience("another-api").roles("customer").sign())
                .get("/api/orders").then().statusCode(401);
    }

    @Test
    void aCustomerIsNoOperator() {
        asAda().get("/api/ops/health").then().statusCode(403);
        asAda().get("/api/ops/dead-letters").then().statusCode(403);
        asAda().header("X-Requested-With", "JavaScript").post("/api/ops/dead-letters/order-service/orders.dlq:0:0/redrive")
                .then().statusCode(403);
        asAdmin().get("/api/ops/health").then().statusCode(200);
    }

    @Test
    void anOperatorPlacesNoOrders() {
        asAdmin().contentType("application/json").body("{}").post("/api/orders").then().statusCode(403);
    }

    @Test
    void theSessionNamesTheUserAndRolesButNoToken() {
        asAda().get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(true))
                .body("username", equalTo(dev.processflow.testsupport.TestUsers.ADA))
                .body("name", equalTo("Ada Lovelace"))
                .body("roles", equalTo(java.util.List.of("customer")))
                .body(org.hamcrest.Matchers.not(containsString("eyJ")));
    }

    @Test
    void aChangeWithTheSessionCookieButWithoutThePagesHeaderIsRefused() {
        given().cookie("q_session", "anything").contentType("application/json").body("{}").post("/api/orders")
                .then().statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Cross-site request refused"));
    }
}
