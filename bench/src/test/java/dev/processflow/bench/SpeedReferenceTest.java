package dev.processflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeedReferenceTest {

    @Test
    void measuresAFiniteRate() {
        double rate = SpeedReference.sha256MiBPerSecond(2);
        assertThat(rate).isPositive().isFinite();
    }
}
