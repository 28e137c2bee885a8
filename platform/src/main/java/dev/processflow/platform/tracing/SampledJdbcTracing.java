package dev.processflow.platform.tracing;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.agroal.runtime.AgroalOpenTelemetryWrapper;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * Replaces Quarkus' JDBC tracing wrapper (which it looks up when {@code quarkus.datasource.jdbc.telemetry} is on) with
 * {@link SampledTracingDataSource}: database spans only in sampled traces.
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable
public class SampledJdbcTracing extends AgroalOpenTelemetryWrapper {

    private final OpenTelemetry openTelemetry;

    public SampledJdbcTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    @Override
    public AgroalDataSource apply(AgroalDataSource pool) {
        return new SampledTracingDataSource(pool, openTelemetry);
    }
}
