package dev.processflow.console.session;

import dev.processflow.console.upstream.ServiceEndpoints;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Who is signed in, and the way in: {@code /login} starts the realm's sign-in and comes back to the console. */
@Path("/")
public class SessionResource {

    /** What the page needs to know about its user; nothing of the tokens. */
    public record Session(boolean signedIn, String username, String name, List<String> roles,
            Optional<String> traceUrl) {
    }

    private final SecurityIdentity identity;
    private final ServiceEndpoints endpoints;

    public SessionResource(SecurityIdentity identity, ServiceEndpoints endpoints) {
        this.identity = identity;
        this.endpoints = endpoints;
    }

    @GET
    @Path("api/session")
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

    /** Reached only once signed in: the realm's sign-in page comes first, then this sends the browser home. */
    @GET
    @Path("login")
    @Authenticated
    public Response login() {
        return Response.seeOther(URI.create("/")).build();
    }
}
