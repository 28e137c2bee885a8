package dev.processflow.console.feed;

import java.time.Instant;

/**
 * A record that arrived on a dead-letter topic: where it is ({@code id} is {@code topic:partition:offset}, as the
 * services' operator API names dead letters), where it came from and why.
 */
public record DeadLetterNotice(String id, String topic, int partition, long offset, String originalTopic,
        String reason, String key, Instant at) {
}
