package dev.processflow.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/**
 * The realm's demo users as {@link TestIssuer#users()} issues them: customers Ada and Grace and an operator. Each call
 * signs a fresh token, so a long test run never trips over an expired one.
 */
public final class TestUsers {

    public static final String ADA = "3f0c2a9e-ada0-4c1e-9b6a-5a1e0c0ada01";
    public static final String GRACE = "7d51e3b2-9ace-4f0d-8a3b-2c6e0f0ace02";
    public static final String OPERATOR = "c0ffee00-0000-4000-8000-00000000ad01";

    private TestUsers() {
    }

    public static String ada() {
        return TestIssuer.users().customer(ADA, "ada@example.com", "Ada Lovelace");
    }

    public static String grace() {
        return TestIssuer.users().customer(GRACE, "grace@example.com", "Grace Hopper");
    }

    public static String admin() {
        return TestIssuer.users().admin(OPERATOR);
    }

    /** A REST Assured request carrying this bearer token. */
    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    public static RequestSpecification asAda() {
        return as(ada());
    }

    public static RequestSpecification asGrace() {
        return as(grace());
    }

    public static RequestSpecification asAdmin() {
        return as(admin());
    }
}
