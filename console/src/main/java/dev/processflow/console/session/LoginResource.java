package dev.processflow.console.session;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The way in: the realm's sign-in page comes first (authorization code with PKCE), then this sends the browser home. */
@Path("/login")
public class LoginResource {

    @GET
    @Authenticated
    public Response login() {
        return Response.seeOther(URI.create("/")).build();
    }
}
