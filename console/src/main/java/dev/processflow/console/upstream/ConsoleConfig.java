package dev.processflow.console.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.net.URI;
import java.util.Optional;

/** Where the console finds each service's public API and the trace UI, and how often it looks and speaks. */
@ConfigMapping(prefix = "processflow.console")
public interface ConsoleConfig {

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

    /** How long a service may take to answer the console. */
    @WithDefault("10s")
    Duration upstreamTimeout();

    /** How often a quiet event stream carries a comment, so proxies on the way keep it open. */
    @WithDefault("15s")
    Duration sseHeartbeat();

    /** How often the services' readiness is checked for the operations page. */
    @WithDefault("5s")
    Duration healthInterval();

    /** How often the event feed looks for topics and partitions that appeared. */
    @WithDefault("10s")
    Duration feedReassignEvery();
}
