package dev.processflow.platform.push;

import dev.processflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The allow-list of push senders: a sender not on it may deliver nothing, a KafkaSource only the event types of the
 * topics it relays (an event of another topic did not come from where it claims), a PingSource only its own ticks.
 */
@ApplicationScoped
public class PushSenders {

    private final List<PushConfig.Sender> senders;

    @Inject
    public PushSenders(PushConfig config) {
        this(config.senders().values());
    }

    PushSenders(Collection<PushConfig.Sender> senders) {
        this.senders = List.copyOf(senders);
    }

    /** Whether this token subject is a sender here at all. */
    public boolean known(String subject) {
        return senders.stream().anyMatch(s -> s.subject().equals(subject));
    }

    /** Whether this subject relays the topic the event type travels on. */
    public boolean mayDeliver(String subject, EventType type) {
        return senders.stream().anyMatch(s -> s.subject().equals(subject)
                && s.topics().map(topics -> topics.contains(type.topic())).orElse(false));
    }

    /** Whether this subject is the PingSource whose ticks carry this CloudEvents source. */
    public boolean mayTick(String subject, String source) {
        return senders.stream().anyMatch(s -> s.subject().equals(subject)
                && s.pingSource().map(ping -> ping.equals(source)).orElse(false));
    }

    /** The subjects allowed here; none means every delivery is refused. */
    public Set<String> subjects() {
        return Set.copyOf(senders.stream().map(PushConfig.Sender::subject).toList());
    }
}
