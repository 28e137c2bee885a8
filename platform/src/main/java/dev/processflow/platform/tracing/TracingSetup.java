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
     * The sampler {@code quarkus.otel.traces.sampler} names (with {@code quarkus.otel.traces.sampler.arg} as the ratio),
     * built here because a bean replaces Quarkus' own: every service runs {@code parentbased_traceidratio}, so a span
     * whose parent arrived with a request or an event follows the parent's decision and a trace is kept or dropped
     * whole across every service; the ratio applies to traces that start here (1.0 unless configured, see
     * docs/operations.md for production). On top of any sampler: a client call that has no operation around it is
     * dropped, or a poller's SQL (the outbox relay, sweeps) would be a trace of its own every second.
     */
    @Produces
    @Singleton
    Sampler sampler(
            @ConfigProperty(name = "quarkus.otel.traces.sampler", defaultValue = "parentbased_always_on") String name,
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        return new NoBackgroundCalls(configured(name, ratio));
    }

    static Sampler configured(String name, double ratio) {
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> throw new IllegalArgumentException("quarkus.otel.traces.sampler=" + name + " is not one of "
                    + "always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, "
                    + "parentbased_traceidratio");
        };
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

        private final Sampler configured;

        NoBackgroundCalls(Sampler configured) {
            this.configured = configured;
        }

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                Attributes attributes, List<LinkData> parentLinks) {
            if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
                return SamplingResult.drop();
            }
            return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "NoBackgroundCalls{" + configured.getDescription() + "}";
        }
    }
}
