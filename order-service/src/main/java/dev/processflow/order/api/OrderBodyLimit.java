package dev.processflow.order.api;

import dev.processflow.platform.http.BodyLimit;
import dev.processflow.platform.problem.HttpProblems;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code POST /orders} bodies over the limit are answered 413 before anything reads them into an order. */
@ApplicationScoped
public class OrderBodyLimit {

    private final HttpProblems problems;
    private final MemorySize maxBodySize;

    public OrderBodyLimit(HttpProblems problems,
            @ConfigProperty(name = "processflow.order.max-body-size") MemorySize maxBodySize) {
        this.problems = problems;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        BodyLimit.install(router, "/orders", maxBodySize.asLongValue(), problems);
    }
}
