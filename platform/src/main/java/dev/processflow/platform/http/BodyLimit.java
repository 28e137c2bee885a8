package dev.processflow.platform.http;

import dev.processflow.platform.problem.HttpProblems;
import dev.processflow.platform.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A limit on the body of one POST endpoint, enforced before anything parses it: a declared length over the limit is
 * answered 413 at once (after reading and discarding what the client sends, so it sees the answer rather than a
 * reset connection), and a body without a declared length is buffered only up to the limit, then refused the same
 * way. What passes is handed on fully read, so Jakarta REST never streams more than the limit.
 */
public final class BodyLimit {

    /** Before authentication and every other handler: refusing an oversized body needs nothing else. */
    static final int ORDER = -1000;

    private BodyLimit() {
    }

    public static void install(Router router, String path, long maxBytes, HttpProblems problems) {
        Problem tooLarge = Problem.of(413, "Request body too large",
                "the body of POST " + path + " may be at most " + maxBytes + " bytes; nothing was read into the service");
        router.route(HttpMethod.POST, path).order(ORDER).handler(context -> {
            if (declaredLength(context.request()) > maxBytes) {
                HttpServerRequest request = context.request();
                request.handler(ignored -> { });
                request.endHandler(ended -> problems.send(context, tooLarge));
                request.resume();
            } else {
                context.next();
            }
        });
        Route buffered = router.route(HttpMethod.POST, path).order(ORDER + 1);
        buffered.handler(BodyHandler.create(false).setBodyLimit(maxBytes));
        buffered.failureHandler(context -> {
            if (context.statusCode() == 413) {
                problems.send(context, tooLarge);
            } else {
                context.next();
            }
        });
    }

    /** The request's Content-Length, or -1 when it declares none (or nonsense). */
    public static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
