package dev.processflow.platform.deadletter;

import dev.processflow.deadletters.DeadLetterTopics;
import dev.processflow.deadletters.DeadLetterTopics.DeadLetter;
import dev.processflow.deadletters.DeadLetterTopics.Redriven;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead-letter topics this service may redrive: those of the topics it owns ({@code processflow.dead-letters.topics}),
 * because a redrive writes to the original topic and a service writes only its own. The consumers that
 * dead-lettered a record may live anywhere; whichever of them failed applies the redriven record, the others
 * find its CloudEvent id and do nothing.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final List<String> served;
    private final DeadLetterTopics topics;
    private final MeterRegistry registry;

    public DeadLetters(@ConfigProperty(name = "processflow.dead-letters.topics") Optional<List<String>> served,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.served = served.orElse(List.of());
        this.served.forEach(DeadLetterTopics::originalTopicOf);
        this.topics = new DeadLetterTopics(kafkaConfig);
        this.registry = registry;
    }

    public List<String> served() {
        return served;
    }

    /** Oldest first, per topic; every served topic when {@code topic} is empty. */
    public List<DeadLetter> list(Optional<String> topic, int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        for (String each : topic.map(t -> List.of(servedTopic(t))).orElse(served)) {
            letters.addAll(topics.list(each, limit - letters.size()));
            if (letters.size() >= limit) {
                break;
            }
        }
        return letters;
    }

    public DeadLetter find(String id) {
        String topic = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        servedTopic(topic);
        try {
            return topics.find(id).orElseThrow(() -> notFound(id));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(400, "Invalid dead letter id", e.getMessage()));
        }
    }

    public Redriven redrive(String id) {
        return redrive(List.of(find(id))).get(0);
    }

    /** Every record of the topic (of every served topic when empty), in order. */
    public List<Redriven> redriveAll(Optional<String> topic) {
        List<Redriven> redriven = new ArrayList<>();
        for (String each : topic.map(t -> List.of(servedTopic(t))).orElse(served)) {
            redriven.addAll(redrive(topics.list(each, Integer.MAX_VALUE)));
        }
        return redriven;
    }

    private List<Redriven> redrive(List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            String owned = DeadLetterTopics.originalTopicOf(letter.topic());
            if (!owned.equals(letter.originalTopic())) {
                throw new ProblemException(Problem.of(409, "Not redriven", "dead letter " + letter.id()
                        + " came from " + letter.originalTopic() + ", which this service does not write"));
            }
        }
        List<Redriven> redriven = topics.redrive(letters);
        redriven.forEach(r -> {
            registry.counter("processflow.dead-letters.redriven", "topic", r.topic()).increment();
            LOG.infof("redrove dead letter %s to %s-%d@%d", r.id(), r.topic(), r.partition(), r.offset());
        });
        return redriven;
    }

    private String servedTopic(String topic) {
        if (!served.contains(topic)) {
            throw new ProblemException(Problem.of(404, "Dead-letter topic not served here",
                    topic + " is not redriven by this service; it serves " + served));
        }
        return topic;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(404, "No such dead letter", "no dead letter " + id));
    }

    void close(@Observes ShutdownEvent shutdown) {
        topics.close();
    }
}
