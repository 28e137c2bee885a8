package dev.processflow.platform.tracing;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.agroal.api.AgroalPoolInterceptor;
import io.agroal.api.configuration.AgroalDataSourceConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as the services see it when database spans are on ({@code quarkus.datasource.jdbc.telemetry}): its
 * connections are {@link SampledConnection}s, so a statement pays for the JDBC instrumentation only inside a sampled
 * trace. The standard wrapper instruments every statement and leaves it to the sampler to drop the span at its end; at
 * the sampling production runs with (a tenth) that was about 8 % of the services' CPU per order for spans nobody kept.
 * Sampled traces have the same database spans as before, children of the span that ran the statement.
 */
final class SampledTracingDataSource implements AgroalDataSource {

    private final AgroalDataSource pool;
    /** The standard instrumentation over {@link HandOver}: it wraps whichever pooled connection is handed over. */
    private final OpenTelemetryDataSource instrumentation;
    private final ThreadLocal<Connection> handedOver = new ThreadLocal<>();

    SampledTracingDataSource(AgroalDataSource pool, OpenTelemetry openTelemetry) {
        this.pool = pool;
        this.instrumentation = new OpenTelemetryDataSource(new HandOver(), openTelemetry);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new SampledConnection(pool.getConnection(), this::instrumented);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return new SampledConnection(pool.getConnection(username, password), this::instrumented);
    }

    @Override
    public Connection getReadOnlyConnection() throws SQLException {
        return new SampledConnection(pool.getReadOnlyConnection(), this::instrumented);
    }

    /** The instrumentation's connection over one already taken from the pool: it asks {@link HandOver} for it. */
    private Connection instrumented(Connection pooled) throws SQLException {
        handedOver.set(pooled);
        try {
            return instrumentation.getConnection();
        } finally {
            handedOver.remove();
        }
    }

    @Override
    public AgroalDataSourceConfiguration getConfiguration() {
        return pool.getConfiguration();
    }

    @Override
    public AgroalDataSourceMetrics getMetrics() {
        return pool.getMetrics();
    }

    @Override
    public void flush(FlushMode mode) {
        pool.flush(mode);
    }

    @Override
    public void setPoolInterceptors(Collection<? extends AgroalPoolInterceptor> interceptors) {
        pool.setPoolInterceptors(interceptors);
    }

    @Override
    public List<AgroalPoolInterceptor> getPoolInterceptors() {
        return pool.getPoolInterceptors();
    }

    @Override
    public boolean isHealthy(boolean newConnection) throws SQLException {
        return pool.isHealthy(newConnection);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }

    /**
     * What the instrumentation takes its connections from: the one {@link #instrumented} hands over on this thread.
     * Nothing else asks it anything (the instrumentation is never handed out), so the rest is the pool's.
     */
    private final class HandOver implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection pooled = handedOver.get();
            if (pooled == null) {
                throw new SQLException("connections are taken from the pool, not from the instrumentation");
            }
            return pooled;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return SampledTracingDataSource.this.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            SampledTracingDataSource.this.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            SampledTracingDataSource.this.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return SampledTracingDataSource.this.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return SampledTracingDataSource.this.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return SampledTracingDataSource.this.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return SampledTracingDataSource.this.isWrapperFor(type);
        }
    }
}
