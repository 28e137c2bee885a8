package dev.processflow.console.session;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in user as the console acts for them: their subject (what orders are owned by), whether they operate
 * the suite, and their access token, which the console passes on to the services. Signed in through the browser
 * (authorization code, the session cookie holds the tokens) or with a bearer token; the services see the same token
 * either way.
 */
public record Caller(String subject, String username, String name, boolean admin, boolean customer,
        Optional<String> accessToken) {

    public static final String CUSTOMER = "customer";
    public static final String ADMIN = "admin";

    public static Caller of(SecurityIdentity identity) {
        JsonWebToken principal = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        String subject = principal == null ? identity.getPrincipal().getName() : principal.getSubject();
        String username = principal == null ? subject : Optional.ofNullable(principal.<String>getClaim("preferred_username"))
                .orElse(subject);
        String name = principal == null ? username : Optional.ofNullable(principal.<String>getClaim("name")).orElse(username);
        return new Caller(subject, username, name, identity.hasRole(ADMIN), identity.hasRole(CUSTOMER),
                Optional.ofNullable(token).map(AccessTokenCredential::getToken));
    }

    /** Whether this user may see what belongs to {@code owner}: their own, or anything for an operator. */
    public boolean mayRead(String owner) {
        return admin || subject.equals(owner);
    }
}
