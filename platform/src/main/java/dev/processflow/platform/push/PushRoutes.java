package dev.processflow.platform.push;

import dev.processflow.platform.http.BodyLimit;
import dev.processflow.platform.problem.HttpProblems;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemMappers;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What {@code POST /events} needs below Jakarta REST, installed only where push delivery is enabled (elsewhere the
 * path stays unknown): its body limit, and problem documents for tokens the {@code eventing} OIDC tenant refused
 * before the request reached {@link CloudEventsResource} (401), or could not check because the issuer is
 * unreachable (503: the sender retries).
 */
@ApplicationScoped
public class PushRoutes {

    /** {@link CloudEventsResource}'s path. */
    static final String PATH = "/events";
    static final String CHALLENGE = "Bearer";
    static final String BAD_TOKEN = "the bearer token is not one this service accepts";

    private static final Logger LOG = Logger.getLogger(PushRoutes.class);

    private final PushConfig config;
    private final PushSenders senders;
    private final HttpProblems problems;

    public PushRoutes(PushConfig config, PushSenders senders, HttpProblems problems) {
        this.config = config;
        this.senders = senders;
        this.problems = problems;
    }

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        BodyLimit.install(router, PATH, config.maxBodySize().asLongValue(), problems);
        router.route(PATH).failureHandler(this::refuseBadToken);
        LOG.infof("push delivery on POST %s: bearer tokens of the eventing OIDC tenant, from %s",
                PATH, senders.subjects().isEmpty() ? "nobody (no sender is configured)" : senders.subjects());
    }

    private void refuseBadToken(RoutingContext context) {
        Throwable failure = context.failure();
        while (failure != null && !(failure instanceof AuthenticationFailedException || failure instanceof OIDCException)
                && failure.getCause() != failure) {
            failure = failure.getCause();
        }
        if (failure instanceof AuthenticationFailedException) {
            context.response().headers().set("WWW-Authenticate", CHALLENGE);
            problems.send(context, refusal(401, BAD_TOKEN));
        } else if (failure instanceof OIDCException) {
            problems.send(context, ProblemMappers.ISSUER_UNAVAILABLE);
        } else {
            context.next();
        }
    }

    /** A delivery refused before anything was read from it: 401 without a valid token, 403 for the wrong sender. */
    static Problem refusal(int status, String detail) {
        return Problem.of(status, status == 401 ? "Unauthorized" : "Forbidden", detail + "; nothing was applied");
    }
}
