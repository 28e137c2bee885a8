package dev.processflow.payment;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The provider simulator's ledger and fault switch, read and set over its admin API. */
public final class ProviderLedger {

    private ProviderLedger() {
    }

    /** Every authorization the provider holds for this order, each a map of the ledger's JSON. */
    public static List<Map<String, Object>> authorizations(UUID orderId) {
        return ledger(orderId).getList("authorizations");
    }

    public static JsonPath ledger(UUID orderId) {
        return given().baseUri(ProviderEngine.url()).auth().oauth2(ProviderEngine.ADMIN_TOKEN)
                .queryParam("reference", orderId.toString())
                .get("/admin/ledger").then().statusCode(200).extract().jsonPath();
    }

    /** The number of requests the provider saw under this idempotency key, 0 if none. */
    public static int requests(UUID orderId, String key) {
        Integer requests = ledger(orderId).get("authorizations.idempotencyKeys.flatten().find { it.key == '" + key
                + "' }.requests");
        return requests == null ? 0 : requests;
    }

    public static void faults(String json) {
        given().baseUri(ProviderEngine.url()).auth().oauth2(ProviderEngine.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(json).put("/admin/faults").then().statusCode(200);
    }

    public static void clearFaults() {
        given().baseUri(ProviderEngine.url()).auth().oauth2(ProviderEngine.ADMIN_TOKEN).delete("/admin/faults")
                .then().statusCode(200);
    }
}
