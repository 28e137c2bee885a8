package dev.processflow.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedTextTest {

    @Test
    void textThatFitsIsKept() {
        assertThat(BoundedText.fit("card_declined: insufficient funds", 1000)).isEqualTo("card_declined: insufficient funds");
        assertThat(BoundedText.fit("x".repeat(10), 10)).isEqualTo("x".repeat(10));
        assertThat(BoundedText.fit(null, 10)).isNull();
    }

    @Test
    void longerTextIsCutToTheColumnWithAnEllipsis() {
        String fitted = BoundedText.fit("y".repeat(5000), 1000);

        assertThat(fitted).hasSize(1000).endsWith("\u2026").startsWith("yyyy");
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String text = "a".repeat(8) + "\uD83D\uDE00" + "tail";

        String fitted = BoundedText.fit(text, 10);

        assertThat(fitted).isEqualTo("a".repeat(8) + "\u2026");
        assertThat(fitted.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
    }

    @Test
    void nulCharactersAreDropped() {
        assertThat(BoundedText.fit("before\u0000after", 100)).isEqualTo("beforeafter");
    }
}
