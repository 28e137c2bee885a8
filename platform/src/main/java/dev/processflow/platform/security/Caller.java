package dev.processflow.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who calls a REST API, as their verified bearer token says: the token's subject and whether it carries the
 * {@code admin} role. Resources that hand out one user's data ask {@link #mayRead(String)} and answer 404 otherwise,
 * so a stranger cannot even learn that the resource exists.
 */
public record Caller(String subject, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getSubject() == null || token.getSubject().isBlank()) {
            throw new UnauthorizedException();
        }
        return new Caller(token.getSubject(), identity.hasRole(Roles.ADMIN));
    }

    /** Its owner or an admin; nobody but an admin reads something whose owner is unknown. */
    public boolean mayRead(String ownerSubject) {
        return admin || subject.equals(ownerSubject);
    }
}
