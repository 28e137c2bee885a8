package dev.processflow.image.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.image.ImageConfig;
import dev.processflow.platform.http.BodyLimit;
import dev.processflow.platform.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * Answers an upload whose declared length is clearly over the limit before any of it is parsed or written to disk.
 * The body is still read and thrown away before the 413 goes out: a client that is still sending when the server
 * closes sees a connection reset instead of the answer. (Bodies beyond quarkus.http.limits.max-body-size are cut off
 * by Quarkus itself; uploads without a length are checked once received, in {@link ImageUpload}.)
 */
@ApplicationScoped
// Serialised here by Jackson outside any resource signature, so a native image must be told about it.
@RegisterForReflection(targets = Problem.class)
public class UploadSizeGuard {

    /** Room for the multipart boundaries and part headers around the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final long maxBytes;
    private final byte[] problem;

    public UploadSizeGuard(ImageConfig config, ObjectMapper mapper) throws JsonProcessingException {
        this.maxBytes = config.maxUploadSize().asLongValue();
        this.problem = mapper.writeValueAsBytes(Problem.of(413, "Image too large",
                "the upload is larger than the limit of " + maxBytes + " bytes").at(URI.create("/images")));
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, "/images").order(-1000).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = BodyLimit.declaredLength(request);
        if (declared <= maxBytes + MULTIPART_OVERHEAD) {
            context.next();
            return;
        }
        request.handler(ignored -> { });
        request.endHandler(ended -> context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(problem)));
        request.resume();
    }
}
