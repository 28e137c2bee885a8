package dev.processflow.platform.http;

import dev.processflow.platform.problem.HttpProblems;
import dev.processflow.platform.problem.Problem;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A limit on the body of one POST endpoint, enforced before anything parses it. A declared length over the limit is
 * answered 413 at once (after reading and discarding what the client sends, so it sees the answer rather than a
 * reset connection). A body without a declared length (chunked) is buffered only up to the limit and refused the
 * same way; what passes is handed on fully read. Over HTTP/2 Quarkus REST cannot take over a body read ahead of it
 * (quarkusio/quarkus#34393), so there the limit goes to Quarkus's own reader instead, which stops at it with a bare
 * 413 (clients that stream a body of unknown length over HTTP/2 are rare: Knative and the usual clients declare it).
 */
public final class BodyLimit {

    /** Before authentication and every other handler: refusing an oversized body needs nothing else. */
    static final int ORDER = -1000;

    /** Just after Quarkus sets its own, global limit for bodies of unknown length (RouteConstants). */
    static final int AFTER_GLOBAL_LIMIT = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    private BodyLimit() {
    }

    public static void install(Router router, String path, long maxBytes, HttpProblems problems) {
        Problem tooLarge = Problem.of(413, "Request body too large",
                "the body of POST " + path + " may be at most " + maxBytes + " bytes; it was not processed");
        Handler<RoutingContext> buffered = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route(HttpMethod.POST, path).order(ORDER).handler(context -> {
            HttpServerRequest request = context.request();
            long declared = declaredLength(request);
            if (declared > maxBytes) {
                request.handler(ignored -> { });
                request.endHandler(ended -> problems.send(context, tooLarge));
                request.resume();
            } else if (declared < 0 && request.version() != HttpVersion.HTTP_2) {
                buffered.handle(context);
            } else {
                context.next();
            }
        }).failureHandler(context -> {
            if (context.statusCode() == 413) {
                problems.send(context, tooLarge);
            } else {
                context.next();
            }
        });
        router.route(HttpMethod.POST, path).order(AFTER_GLOBAL_LIMIT).handler(context -> {
            if (declaredLength(context.request()) < 0 && context.request().version() == HttpVersion.HTTP_2) {
                context.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, maxBytes);
            }
            context.next();
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
