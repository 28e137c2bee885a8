package dev.processflow.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A W3C trace context in its wire form ({@code traceparent}, optional {@code tracestate}): what an outbox row, an
 * order or a payment intent keeps of the span it was written in, and what an event carries as the CloudEvents
 * distributed-tracing extension. Always the W3C format, whatever propagators the HTTP layer is configured with,
 * because that extension is defined as W3C Trace Context.
 */
public record TraceContext(String traceparent, String tracestate) {

    /** Longest {@code tracestate} kept: the W3C recommendation for what every vendor propagates. */
    public static final int MAX_TRACESTATE = 512;
    public static final int TRACEPARENT_LENGTH = 55;

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The context of the span current on this thread, if there is one (none when tracing is off). */
    public static Optional<TraceContext> current() {
        return of(Context.current());
    }

    public static Optional<TraceContext> of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        String state = carrier.get("tracestate");
        return Optional.of(new TraceContext(carrier.get("traceparent"),
                state == null || state.isEmpty() || state.length() > MAX_TRACESTATE ? null : state));
    }

    /** A context read from the wire; empty unless {@code traceparent} is well formed. */
    public static Optional<TraceContext> parse(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isBlank()) {
            return Optional.empty();
        }
        TraceContext candidate = new TraceContext(traceparent.trim(),
                tracestate == null || tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE ? null : tracestate.trim());
        return candidate.spanContext().isValid() ? Optional.of(candidate) : Optional.empty();
    }

    /** As the parent of new spans: a remote span context in an otherwise empty context. */
    public Context asParent() {
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", traceparent);
        if (tracestate != null) {
            carrier.put("tracestate", tracestate);
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP);
    }

    public SpanContext spanContext() {
        return Span.fromContext(asParent()).getSpanContext();
    }

    public String traceId() {
        return spanContext().getTraceId();
    }

    /** The header or attribute pairs to send: {@code traceparent} and, if any, {@code tracestate}. */
    public List<Map.Entry<String, String>> fields() {
        return tracestate == null ? List.of(Map.entry("traceparent", traceparent))
                : List.of(Map.entry("traceparent", traceparent), Map.entry("tracestate", tracestate));
    }
}
