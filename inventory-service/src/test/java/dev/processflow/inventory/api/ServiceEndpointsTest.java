package dev.processflow.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.processflow.testsupport.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void healthChecksAreUpOnTheRealEngines() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "Database connections health check"));
    }

    @Test
    void openApiDescribesTheProductsApiAndItsSignInThroughTheRealm() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/products/{sku}'.put", notNullValue())
                .body("paths.'/products/{sku}'.put.security", notNullValue())
                .body("paths.'/products'.get.security", nullValue())
                .body("components.securitySchemes.values().type", hasItem("openIdConnect"))
                .body("components.securitySchemes.values().openIdConnectUrl",
                        hasItem(TestIssuer.users().url() + "/.well-known/openid-configuration"));
    }

    @Test
    void metricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("processflow_outbox_published"));
    }
}
