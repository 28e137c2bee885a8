package dev.processflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Spans of the service under test go to this JVM's {@link SpanCollector} over Zipkin's HTTP API, in batches a tenth of
 * a second apart so a test sees them soon.
 */
public class TraceEngine implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("processflow.tracing.zipkin.endpoint", SpanCollector.shared().spansEndpoint(),
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public void stop() {
        // the collector outlives each Quarkus application and stops with the JVM
    }
}
