package dev.processflow.console.upstream;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where the console finds each service's public API, and the trace UI an order's trace link leads to. */
@ConfigMapping(prefix = "processflow.console")
public interface ServiceEndpoints {

    URI orderUrl();

    URI paymentUrl();

    URI inventoryUrl();

    URI notificationUrl();

    URI imageUrl();

    /**
     * A trace's address in the trace UI, with {@code {traceId}} where the id goes, e.g.
     * {@code http://localhost:9411/zipkin/traces/{traceId}}; no link without it.
     */
    Optional<String> traceUrl();
}
