package dev.processflow.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How every service samples and where its spans go. quarkus-opentelemetry takes a {@link Sampler} bean instead of its
 * configured sampler, and with a {@link SpanExporter} bean it uses the beans (through its {@code cdi} exporter, in a
 * batch span processor tuned by {@code quarkus.otel.bsp.*}) instead of its own OTLP exporter.
 */
public class TracingSetup {

    /**
     * Parent-based: a span whose parent arrived with a request or an event follows the parent's decision, so a trace
     * is kept or dropped whole across every service. Roots are sampled at {@code processflow.tracing.root-ratio}
     * (everything by default; production should lower it, see docs/architecture.md), except a client call that has no
     * operation around it: a poller's SQL (the outbox relay, sweeps, health checks) would otherwise be a trace of
     * its own every second.
     */
    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "processflow.tracing.root-ratio", defaultValue = "1.0") double rootRatio) {
        Sampler roots = rootRatio >= 1.0 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(rootRatio);
        return Sampler.parentBased(new NoBackgroundCalls(roots));
    }

    /**
     * Zipkin's v2 JSON over HTTP to {@code processflow.tracing.zipkin.endpoint}: Zipkin in the local stack, Jaeger's
     * or an OpenTelemetry Collector's Zipkin receiver elsewhere. Without an endpoint spans are made (trace ids still
     * travel with every event and land on every order) but go nowhere.
     */
    @Produces
    @Singleton
    SpanExporter exporter(@ConfigProperty(name = "processflow.tracing.zipkin.endpoint") Optional<URI> endpoint,
            @ConfigProperty(name = "processflow.tracing.zipkin.timeout", defaultValue = "5s") Duration timeout) {
        return endpoint.<SpanExporter>map(url -> ZipkinSpanExporter.builder()
                        .setSender(new ZipkinHttpSender(url, timeout))
                        .build())
                .orElseGet(() -> SpanExporter.composite(List.of()));
    }

    /** Drops root client spans (database and HTTP calls outside any traced operation); delegates the rest. */
    static final class NoBackgroundCalls implements Sampler {

        private final Sampler roots;

        NoBackgroundCalls(Sampler roots) {
            this.roots = roots;
        }

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                Attributes attributes, List<LinkData> parentLinks) {
            if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
                return SamplingResult.drop();
            }
            return roots.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "NoBackgroundCalls{" + roots.getDescription() + "}";
        }
    }
}
