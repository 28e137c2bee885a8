package dev.processflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aWellFormedContextReadsBackAsItWasSentAndParentsTheSameTrace() {
        TraceContext read = TraceContext.parse(TRACEPARENT, "vendor=abc").orElseThrow();

        assertThat(read.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(read.spanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(read.spanContext().isRemote()).isTrue();
        assertThat(read.fields()).containsExactly(Map.entry("traceparent", TRACEPARENT),
                Map.entry("tracestate", "vendor=abc"));
        assertThat(TraceContext.of(read.asParent())).contains(read);
    }

    @Test
    void somethingThatIsNotAW3cContextIsNoContext() {
        assertThat(TraceContext.parse(null, null)).isEmpty();
        assertThat(TraceContext.parse(" ", null)).isEmpty();
        assertThat(TraceContext.parse("not-a-traceparent", null)).isEmpty();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null)).isEmpty();
        assertThat(TraceContext.of(Context.root())).isEmpty();
    }

    @Test
    void anOverlongTracestateIsLeftBehindAndTheTraceGoesOn() {
        TraceContext read = TraceContext.parse(TRACEPARENT, "v=" + "x".repeat(TraceContext.MAX_TRACESTATE)).orElseThrow();

        assertThat(read.tracestate()).isNull();
        assertThat(read.fields()).containsExactly(Map.entry("traceparent", TRACEPARENT));
    }
}
