package dev.processflow.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void ifNoneMatchComparesQuotedTagsWeaklyAndHonoursStar() {
        assertThat(EntityTags.matches("\"" + SHA + "\"", SHA)).isTrue();
        assertThat(EntityTags.matches("W/\"" + SHA + "\"", SHA)).isTrue();
        assertThat(EntityTags.matches("\"a\", \"b\" ,\"" + SHA + "\"", SHA)).isTrue();
        assertThat(EntityTags.matches("*", SHA)).isTrue();
        assertThat(EntityTags.matches(SHA, SHA)).isFalse();
        assertThat(EntityTags.matches("\"" + SHA.substring(1) + "\"", SHA)).isFalse();
        assertThat(EntityTags.matches("", SHA)).isFalse();
        assertThat(EntityTags.matches(null, SHA)).isFalse();
    }
}
