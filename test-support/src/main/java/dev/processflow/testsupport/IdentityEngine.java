package dev.processflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The users' OpenID Connect issuer ({@link TestIssuer#users()}), started once per test JVM and handed to quarkus-oidc
 * as its {@code auth-server-url}, so the service verifies test tokens through discovery and JWKS as in production.
 */
public class IdentityEngine implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", TestIssuer.users().url());
    }

    @Override
    public void stop() {
        // the issuer outlives each Quarkus application and stops with the JVM
    }
}
