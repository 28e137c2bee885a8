package dev.processflow.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * Problem documents for answers given below Jakarta REST, by Vert.x routes and failure handlers (body limits,
 * authentication failures), so they look like every other error of the service.
 */
@ApplicationScoped
// Serialised here by Jackson outside any resource signature, so a native image must be told about it.
@RegisterForReflection(targets = Problem.class)
public class HttpProblems {

    private final ObjectMapper mapper;

    public HttpProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Ends the exchange with this problem, located at the request's path; headers already set are kept. */
    public void send(RoutingContext context, Problem problem) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(problem.at(URI.create(context.request().path())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always serialisable", e);
        }
        if (context.response().ended()) {
            return;
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
