package dev.processflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsValuesFlagsAndDurations() {
        Options o = Options.parse(new String[] {"--rate", "250", "--duration=2m", "--skip-limits", "--concurrency", "1,2"},
                Set.of("rate", "duration", "concurrency"), Set.of("skip-limits"));
        assertThat(o.decimal("rate", 0)).isEqualTo(250);
        assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.flag("skip-limits")).isTrue();
        assertThat(o.list("concurrency", List.of())).containsExactly("1", "2");
        assertThat(o.integer("missing", 7)).isEqualTo(7);
    }

    @Test
    void parsesDurationUnits() {
        assertThat(Options.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Options.duration("30")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--nope"}, Set.of("rate"), Set.of()))
                .hasMessageContaining("--nope");
        assertThatThrownBy(() -> Options.parse(new String[] {"--rate"}, Set.of("rate"), Set.of()))
                .hasMessageContaining("needs a value");
    }
}
