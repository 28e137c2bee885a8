package dev.processflow.platform.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.MalformedEventException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void anUnavailableOrSlowDatabaseIsInfrastructure() {
        assertThat(Failures.isInfrastructure(new JDBCConnectionException("Unable to acquire JDBC Connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("refused")))))
                .isTrue();
        assertThat(Failures.isInfrastructure(new IllegalStateException("wrapped",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(Failures.isInfrastructure(new SQLException("canceling statement due to statement timeout", "57014")))
                .isTrue();
        assertThat(Failures.isInfrastructure(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(Failures.isInfrastructure(new SQLException("could not obtain lock on row", "55P03"))).isTrue();
        assertThat(Failures.isInfrastructure(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
    }

    @Test
    void brokersTimeoutsAndIoAreInfrastructure() {
        assertThat(Failures.isInfrastructure(new org.apache.kafka.common.errors.TimeoutException("expired"))).isTrue();
        assertThat(Failures.isInfrastructure(new UncheckedIOException(new java.io.IOException("could not write s3://b/k"))))
                .isTrue();
        assertThat(Failures.isInfrastructure(new DependencyUnavailableException("the provider is down"))).isTrue();
    }

    @Test
    void theEventsOwnFailuresAreNot() {
        assertThat(Failures.isInfrastructure(new MalformedEventException("not JSON"))).isFalse();
        assertThat(Failures.isInfrastructure(new NullPointerException())).isFalse();
        assertThat(Failures.isInfrastructure(new IllegalStateException("order is already CONFIRMED"))).isFalse();
        assertThat(Failures.isInfrastructure(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key value violates unique constraint", "23505"), "uk"))).isFalse();
        assertThat(Failures.isInfrastructure(new SQLException("Acquisition timeout", "23505"))).isFalse();
    }

    @Test
    void aMalformedEventWinsOverAnyCauseBeneathIt() {
        assertThat(Failures.isInfrastructure(new MalformedEventException("bad", new ConnectException("refused"))))
                .isFalse();
    }

    @Test
    void theRootMessageNamesTheInnermostCause() {
        assertThat(Failures.rootMessage(new RuntimeException("outer", new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
    }
}
