package dev.processflow.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.processflow.platform.eventing.Failures;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of every service leaves as application/problem+json, never as an HTML page or a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    /** The answer while the tokens' issuer cannot be reached. */
    public static final Problem ISSUER_UNAVAILABLE = Problem.of(503, "Service Unavailable",
            "credentials cannot be verified right now; retry later");

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(Problem.of(400, "Invalid request", "one or more fields are invalid").withViolations(violations), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Malformed JSON", "the request body is not valid JSON of the expected shape"), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()), uri);
    }

    /** A dependency that is down or slow is a 503 with a hint when to come back; anything else is a 500. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (Failures.isInfrastructure(e)) {
            LOG.debugf("a dependency is unavailable answering %s: %s", uri.getPath(), Failures.rootMessage(e));
            return Response.fromResponse(respond(Problem.of(503, "Service Unavailable",
                    "a dependency of this service is unavailable; retry later"), uri))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure answering " + uri.getPath(), e);
        return respond(Problem.of(500, "Internal Server Error", "the request could not be processed; it is safe to retry"), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        Problem located = problem.instance() == null ? problem.at(java.net.URI.create(uri.getRequestUri().getRawPath())) : problem;
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(located).build();
    }
}
