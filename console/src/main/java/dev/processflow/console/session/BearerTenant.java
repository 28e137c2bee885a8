package dev.processflow.console.session;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Two ways in, two sets of rules: a browser signs in with the authorization code flow (the default tenant: its ID
 * token is for the console's client), a tool or a test sends a bearer access token, verified as every service verifies
 * it (tenant {@value #NAME}: for the {@code processflow-api} audience). Either way the services get the user's access
 * token.
 */
@ApplicationScoped
public class BearerTenant implements TenantResolver {

    public static final String NAME = "bearer";

    @Override
    public String resolve(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? NAME : null;
    }
}
