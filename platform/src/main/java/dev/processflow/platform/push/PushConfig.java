package dev.processflow.platform.push;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Push delivery ({@code POST /events}): whether the endpoint exists at all, how large a delivery may be, and who may
 * deliver what. Senders are named by the subject of the token Knative Eventing sends for them
 * ({@code system:serviceaccount:<namespace>:<service account>}); a KafkaSource relays its topics, a PingSource its
 * ticks. Anyone else is refused.
 */
@ConfigMapping(prefix = "processflow.push")
public interface PushConfig {

    /** The {@code knative} profile turns it on; elsewhere {@code /events} is not a route at all. */
    @WithDefault("false")
    boolean enabled();

    /** What a token must carry as {@code aud}: the audience the sources request for this service. */
    String audience();

    /** The issuer of the senders' tokens: the cluster's service-account issuer. */
    Issuer issuer();

    /** Larger deliveries are answered 413 before anything parses them. */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /** Every sender allowed here, by a name of the configuration's choosing. */
    Map<String, Sender> senders();

    interface Issuer {

        /** Where the eventing OIDC tenant fetches discovery and keys: the in-cluster API server by default. */
        String url();

        /** PEM file of the CA that signed the issuer's TLS certificate (the cluster CA), if the JVM's do not. */
        Optional<String> caFile();

        /**
         * A file holding a token to present when fetching discovery and keys: the API server serves them only to
         * authenticated callers unless the cluster grants them to everyone.
         */
        Optional<String> tokenFile();
    }

    interface Sender {

        /** The token's {@code sub}. */
        String subject();

        /** A KafkaSource: the topics it relays; it may deliver the event types of these topics only. */
        Optional<Set<String>> topics();

        /** A PingSource: the CloudEvents {@code source} of its ticks; it may deliver those ticks only. */
        Optional<String> pingSource();
    }
}
