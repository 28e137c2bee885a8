package dev.processflow.platform.security;

import dev.processflow.platform.problem.Problem;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem documents like every other error. Authentication runs lazily (when an endpoint needs it), so
 * a missing, expired or foreign token reaches these mappers; the 401 keeps the bearer challenge of quarkus-oidc
 * ({@code WWW-Authenticate: Bearer}), so clients still learn how to authenticate.
 */
public class SecurityProblems {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthenticated(RoutingContext context, UriInfo uri) {
        Problem problem = Problem.of(401, "Unauthorized",
                        "sign in: send an access token of the processflow realm as Authorization: Bearer <token>")
                .at(URI.create(uri.getRequestUri().getRawPath()));
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null ? Uni.createFrom().nullItem()
                : authenticator.getChallenge(context).onFailure().recoverWithNull();
        return challenge.map(data -> {
            Response.ResponseBuilder response = Response.status(401).type(Problem.MEDIA_TYPE).entity(problem);
            if (data != null && data.getHeaders() != null && !data.getHeaders().isEmpty()) {
                data.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
            } else {
                response.header("WWW-Authenticate", "Bearer");
            }
            return response.build();
        });
    }

    /**
     * The issuer could not be reached to verify a token (a service that started while it was down learns its keys on
     * the first request): a transient failure the client may retry, not a server bug and not a refusal.
     */
    @ServerExceptionMapper(OIDCException.class)
    public Response signInUnavailable(UriInfo uri) {
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .entity(Problem.of(503, "Sign-in unavailable", "tokens cannot be verified right now; retry shortly")
                        .at(URI.create(uri.getRequestUri().getRawPath())))
                .build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(UriInfo uri) {
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "Forbidden", "your role does not allow this operation")
                        .at(URI.create(uri.getRequestUri().getRawPath())))
                .build();
    }
}
