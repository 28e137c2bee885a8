package dev.processflow.platform.eventing;

import dev.processflow.deadletters.KafkaClientConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Which send failures mean the broker will never take a record, as opposed to the broker being away or slow: a
 * record too large, a topic name the broker refuses, no authorization to write the topic, or a topic that does not
 * exist. A missing topic looks like any metadata timeout to the producer, so the broker is asked whether the topic
 * exists; if it does not answer, the failure counts as temporary.
 */
@ApplicationScoped
public class SendFailures {

    private static final Logger LOG = Logger.getLogger(SendFailures.class);
    private static final long ADMIN_TIMEOUT_MS = 5000;

    private final Map<String, Object> kafkaConfig;
    private Admin admin;

    public SendFailures(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** Why the broker will never take a record for this topic, or empty when trying again may succeed. */
    public Optional<String> permanentReason(String topic, Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return Optional.of("record too large: " + cause.getMessage());
            }
            if (cause instanceof InvalidTopicException) {
                return Optional.of("invalid topic " + topic + ": " + cause.getMessage());
            }
            if (cause instanceof AuthorizationException) {
                return Optional.of("not authorized to write topic " + topic + ": " + cause.getMessage());
            }
            if (cause instanceof SerializationException) {
                return Optional.of("record cannot be serialized: " + cause.getMessage());
            }
            if ((cause instanceof UnknownTopicOrPartitionException || cause instanceof TimeoutException)
                    && topicMissing(topic)) {
                return Optional.of("topic " + topic + " does not exist");
            }
        }
        return Optional.empty();
    }

    /** True only if the broker answered that the topic does not exist. */
    private boolean topicMissing(String topic) {
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.debugf("could not ask the broker whether topic %s exists: %s", topic, e.getMessage());
            return false;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS);
            admin = Admin.create(KafkaClientConfig.adminConfig(config));
        }
        return admin;
    }

    synchronized void close(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
