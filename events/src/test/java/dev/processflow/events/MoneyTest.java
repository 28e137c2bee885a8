package dev.processflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "AAA", "ZZZ"})
    void threeCapitalLettersAreACurrency(String currency) {
        assertThat(Money.of(100, currency).currency()).isEqualTo(currency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EU", "EURO", "eur", "Eur", "E1R", "E R", "@UR", "[UR", "ÉUR"})
    void anythingElseIsRefused(String currency) {
        assertThatThrownBy(() -> Money.of(100, currency))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO 4217");
    }

    @Test
    void aMissingCurrencyIsRefused() {
        assertThatThrownBy(() -> new Money(100, null)).isInstanceOf(NullPointerException.class);
    }
}
