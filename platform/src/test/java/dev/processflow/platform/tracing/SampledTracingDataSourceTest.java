package dev.processflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routing of statements between the pool and the JDBC instrumentation, over a stand-in pool. */
class SampledTracingDataSourceTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CURRENT_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    /** Spans started: the instrumentation asks the sampler about each, sampled or not. */
    private final AtomicInteger started = new AtomicInteger();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .setSampler(counting(Sampler.parentBased(Sampler.alwaysOn())))
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();
    private final StandInPool pool = new StandInPool();
    private final SampledTracingDataSource dataSource = new SampledTracingDataSource(pool.proxy(), openTelemetry);

    @AfterEach
    void close() {
        openTelemetry.close();
    }

    @Test
    void aStatementOutsideASampledTraceMakesNoSpanAndRunsOnThePooledConnection() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, "UPDATE orders SET status = ? WHERE id = ?");
            try (Scope dropped = current(TraceFlags.getDefault())) {
                update(connection, "DELETE FROM outbox_event WHERE seq = ?");
            }
        }

        assertThat(pool.executed).containsExactly("UPDATE orders SET status = ? WHERE id = ?",
                "DELETE FROM outbox_event WHERE seq = ?");
        assertThat(started).as("spans started, even to be dropped").hasValue(0);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aStatementInASampledTraceIsADatabaseSpanUnderTheCurrentOne() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Scope sampled = current(TraceFlags.getSampled())) {
            update(connection, "INSERT INTO processed_event (event_id, type) VALUES (?, ?)");
        }

        assertThat(pool.executed).containsExactly("INSERT INTO processed_event (event_id, type) VALUES (?, ?)");
        List<SpanData> statements = exported.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT).toList();
        assertThat(statements).hasSize(1);
        SpanData statement = statements.get(0);
        assertThat(statement.getTraceId()).isEqualTo(TRACE);
        assertThat(statement.getParentSpanId()).isEqualTo(CURRENT_SPAN);
        assertThat(statement.getName()).startsWith("INSERT");
        assertThat(statement.getAttributes().asMap().values()).contains("postgresql");
    }

    @Test
    void tracedAndUntracedStatementsShareTheOnePooledConnection() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, "SELECT 1");
            try (Scope sampled = current(TraceFlags.getSampled())) {
                update(connection, "SELECT 2");
                update(connection, "SELECT 3");
            }
            update(connection, "SELECT 4");
            connection.commit();
        }

        assertThat(pool.connectionsTaken).hasValue(1);
        assertThat(pool.executed).containsExactly("SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4");
        assertThat(pool.commits).hasValue(1);
        assertThat(pool.closes).hasValue(1);
        assertThat(exported.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.CLIENT))
                .hasSize(2);
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private Sampler counting(Sampler sampler) {
        return new Sampler() {
            @Override
            public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                    Attributes attributes, List<LinkData> parentLinks) {
                started.incrementAndGet();
                return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
            }

            @Override
            public String getDescription() {
                return "counting " + sampler.getDescription();
            }
        };
    }

    private static Scope current(TraceFlags flags) {
        return Span.wrap(SpanContext.create(TRACE, CURRENT_SPAN, flags, TraceState.getDefault())).makeCurrent();
    }

    /** A pool of one PostgreSQL connection that records what is done with it. */
    private static final class StandInPool {

        final List<String> executed = new ArrayList<>();
        final AtomicInteger connectionsTaken = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        AgroalDataSource proxy() {
            return stub(AgroalDataSource.class, (proxy, method, args) -> switch (method.getName()) {
                case "getConnection" -> {
                    connectionsTaken.incrementAndGet();
                    yield connection();
                }
                default -> defaultValue(method.getReturnType());
            });
        }

        private Connection connection() {
            DatabaseMetaData metaData = stub(DatabaseMetaData.class,
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getURL" -> "jdbc:postgresql://localhost:5432/orders";
                        case "getUserName" -> "processflow";
                        case "getDatabaseProductName" -> "PostgreSQL";
                        default -> defaultValue(method.getReturnType());
                    });
            return stub(Connection.class, (proxy, method, args) -> switch (method.getName()) {
                case "prepareStatement" -> statement((String) args[0]);
                case "getMetaData" -> metaData;
                case "getCatalog", "getSchema" -> "orders";
                case "commit" -> {
                    commits.incrementAndGet();
                    yield null;
                }
                case "close" -> {
                    closes.incrementAndGet();
                    yield null;
                }
                default -> defaultValue(method.getReturnType());
            });
        }

        private PreparedStatement statement(String sql) {
            return stub(PreparedStatement.class, (proxy, method, args) -> switch (method.getName()) {
                case "executeUpdate" -> {
                    executed.add(sql);
                    yield 1;
                }
                default -> defaultValue(method.getReturnType());
            });
        }

        private static Object defaultValue(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            return null;
        }

        private static <T> T stub(Class<T> type, InvocationHandler handler) {
            return type.cast(Proxy.newProxyInstance(SampledTracingDataSourceTest.class.getClassLoader(),
                    new Class<?>[] {type}, handler));
        }
    }
}
