package dev.processflow.console.session;

import dev.processflow.console.upstream.ConsoleConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** Who is signed in, as the page needs to know it. */
@Path("/api/session")
public class SessionResource {

    /** What the page needs to know about its user; nothing of the tokens. */
    public record Session(boolean signedIn, String username, String name, List<String> roles,
            Optional<String> traceUrl) {
    }

    private final SecurityIdentity identity;
    private final ConsoleConfig endpoints;

    public SessionResource(SecurityIdentity identity, ConsoleConfig endpoints) {
        this.identity = identity;
        this.endpoints = endpoints;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Session session() {
        if (identity.isAnonymous()) {
            return new Session(false, null, null, List.of(), endpoints.traceUrl());
        }
        Caller caller = Caller.of(identity);
        return new Session(true, caller.username(), caller.name(),
                identity.getRoles().stream().filter(r -> r.equals(Caller.ADMIN) || r.equals(Caller.CUSTOMER)).sorted().toList(),
                endpoints.traceUrl());
    }
}
