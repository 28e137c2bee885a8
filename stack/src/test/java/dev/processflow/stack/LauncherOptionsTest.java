package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void anOptionsValueIsTheNextArgument() {
        assertThat(Launcher.valueAfter(new String[] {"up", "--replicas", "2"}, 1)).isEqualTo("2");
    }

    @Test
    void anOptionAtTheEndOfTheLineIsRefusedByName() {
        assertThatThrownBy(() -> Launcher.valueAfter(new String[] {"up", "--replicas"}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--replicas needs a value");
    }

    @Test
    void aNumberIsReadWholeAndAnythingElseIsRefusedWithWhatWasGiven() {
        assertThat(Launcher.wholeNumber("--port-offset", "100")).isEqualTo(100);
        assertThat(Launcher.wholeNumber("PROCESSFLOW_REPLICAS", " 3 ")).isEqualTo(3);
        assertThatThrownBy(() -> Launcher.wholeNumber("--replicas", "two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--replicas takes a whole number, not 'two'");
        assertThatThrownBy(() -> Launcher.wholeNumber("--port-offset", "1.5"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
