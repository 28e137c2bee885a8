package dev.processflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-read common form and the general parser agree on every text: the same instant, or both refuse. */
class EventTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-12-03T09:30:00Z", "2026-12-03T09:30:00.1Z", "2026-12-03T09:30:00.123456Z",
        "2026-12-03T09:30:00.123456789Z", "2024-02-29T23:59:59.999Z", "0001-01-01T00:00:00Z",
        "2026-12-03T09:30:00+01:00", "2026-12-03T09:30:00.5-05:30", "2026-12-03T00:00:00-00:00",
        "2026-12-03T09:30:00+18:00", "2026-12-03T09:30:00.000000000-18:00",
        // other shapes the general parser accepts
        "2026-12-03t09:30:00z", "2026-12-03T09:30Z", "2026-12-03T09:30:00+01:00:30", "+12026-12-03T09:30:00Z",
        "2026-12-03T09:30:00.Z"})
    void readsWhatTheGeneralParserReads(String time) {
        assertThat(EventTimes.parse(time)).isEqualTo(OffsetDateTime.parse(time).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "2026-12-03", "2026-12-03T09:30:00", "2026-02-30T09:30:00Z", "2026-13-03T09:30:00Z",
        "2026-12-03T24:00:00Z", "2026-12-03T09:60:00Z", "2026-12-03T09:30:60Z",
        "2026-12-03T09:30:00.1234567890Z", "2026-12-03T09:30:00+19:00", "2026-12-03T09:30:00+01:60",
        "2026-12-03T09:30:00+0100", "2026-12-03T09:30:00 Z", "2026-12-03 09:30:00Z", "2026-1a-03T09:30:00Z",
        "2026-12-03T09:30:00Zulu", "2026-12-03T09:30:00.12a4Z", "2026-12-03T09:30:00*01:00"})
    void refusesWhatTheGeneralParserRefuses(String time) {
        assertThatThrownBy(() -> OffsetDateTime.parse(time)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> EventTimes.parse(time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time is not RFC 3339: " + time);
    }

    @Test
    void aMissingTimeIsRefused() {
        assertThatThrownBy(() -> EventTimes.parse(null)).hasMessage("time is required");
    }

    @Test
    void aFractionKeepsItsPlaceValue() {
        assertThat(EventTimes.parse("2026-12-03T09:30:00.05Z")).isEqualTo(Instant.parse("2026-12-03T09:30:00.050Z"));
    }
}
