package dev.processflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingSetupTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Context SAMPLED_PARENT = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01", null)
            .orElseThrow().asParent();
    private static final Context DROPPED_PARENT = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-00", null)
            .orElseThrow().asParent();

    private final TracingSetup setup = new TracingSetup();

    @Test
    void aParentBasedRatioSamplesRootsAtTheRatioAndFollowsEveryParent() {
        Sampler none = setup.sampler("parentbased_traceidratio", 0.0);
        Sampler all = setup.sampler("parentbased_traceidratio", 1.0);

        assertThat(decide(none, Context.root(), SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(all, Context.root(), SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(none, SAMPLED_PARENT, SpanKind.CONSUMER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(all, DROPPED_PARENT, SpanKind.CONSUMER)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aClientCallOutsideAnyOperationIsNeverATraceOfItsOwn() {
        Sampler all = setup.sampler("parentbased_always_on", 1.0);

        assertThat(decide(all, Context.root(), SpanKind.CLIENT)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(all, SAMPLED_PARENT, SpanKind.CLIENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(all, Context.root(), SpanKind.INTERNAL)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void anUnknownSamplerNameIsRefused() {
        assertThatThrownBy(() -> setup.sampler("sometimes", 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parentbased_traceidratio");
    }

    private static SamplingDecision decide(Sampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "span", kind, Attributes.empty(), List.of()).getDecision();
    }
}
