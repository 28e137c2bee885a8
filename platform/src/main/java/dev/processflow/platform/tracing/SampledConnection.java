package dev.processflow.platform.tracing;

import io.opentelemetry.api.trace.Span;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection from the pool whose statements are traced only while the current span is sampled: such a statement is
 * made through the JDBC instrumentation (over this same pooled connection, so it is a child span of the current one,
 * as before); any other statement is the pool's own, with no span work at all. Everything that is not a statement
 * (transactions, metadata, closing) goes to the pooled connection. Like any JDBC connection it is used by one thread
 * at a time.
 */
final class SampledConnection implements Connection {

    /** Makes the instrumentation's wrapper over a connection already taken from the pool. */
    @FunctionalInterface
    interface Instrumentation {
        Connection over(Connection pooled) throws SQLException;
    }

    private final Connection pooled;
    private final Instrumentation instrumentation;
    private Connection traced;

    SampledConnection(Connection pooled, Instrumentation instrumentation) {
        this.pooled = pooled;
        this.instrumentation = instrumentation;
    }

    /** Where the next statement comes from: the instrumented connection if a sampled span is current. */
    private Connection statements() throws SQLException {
        if (!Span.current().getSpanContext().isSampled()) {
            return pooled;
        }
        if (traced == null) {
            traced = instrumentation.over(pooled);
        }
        return traced;
    }

    @Override
    public Statement createStatement() throws SQLException {
        return statements().createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return statements().prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return statements().prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return pooled.nativeSQL(sql);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        pooled.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return pooled.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        pooled.commit();
    }

    @Override
    public void rollback() throws SQLException {
        pooled.rollback();
    }

    @Override
    public void close() throws SQLException {
        pooled.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return pooled.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return pooled.getMetaData();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        pooled.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return pooled.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        pooled.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return pooled.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        pooled.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return pooled.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return pooled.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        pooled.clearWarnings();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return statements().createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return statements().prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return statements().prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return pooled.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        pooled.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        pooled.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return pooled.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return pooled.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return pooled.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        pooled.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        pooled.releaseSavepoint(savepoint);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return statements().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return statements().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return statements().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return statements().prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return statements().prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return statements().prepareStatement(sql, columnNames);
    }

    @Override
    public Clob createClob() throws SQLException {
        return pooled.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return pooled.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return pooled.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return pooled.createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return pooled.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        pooled.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        pooled.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return pooled.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return pooled.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return pooled.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return pooled.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        pooled.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return pooled.getSchema();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        pooled.abort(executor);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        pooled.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return pooled.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        pooled.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        pooled.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        return pooled.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        return pooled.setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        pooled.setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        pooled.setShardingKey(shardingKey);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return pooled.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return pooled.isWrapperFor(type);
    }
}
