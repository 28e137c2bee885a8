package dev.processflow.testsupport;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tokens as Knative Eventing sends them with its {@code authentication-oidc} feature: issued by the cluster's
 * service-account issuer for the audience of the service under test, with the subject of the source's service
 * account. The subjects are read from the service's own {@code processflow.push.senders} configuration, so a test
 * that pushes with them also proves that configuration lets each source deliver what it relays.
 */
public final class EventingTokens {

    /** The test issuer standing in for the cluster's service-account issuer. */
    public static final String ISSUER = "eventing";

    private static final Pattern SENDER = Pattern.compile("processflow\\.push\\.senders\\.([^.]+)\\.(topics|ping-source)");

    private EventingTokens() {
    }

    public static TestIssuer issuer() {
        return TestIssuer.named(ISSUER);
    }

    /** The audience the service requires, as Knative requests it for the service's sink. */
    public static String audience() {
        return config().getValue("processflow.push.audience", String.class);
    }

    /** The subject of the KafkaSource that relays this topic to the service under test. */
    public static String relayOf(String topic) {
        return sender("topics", value -> value.matches("(.*,)?\\s*" + Pattern.quote(topic) + "\\s*(,.*)?"))
                .orElseThrow(() -> new IllegalStateException("no push sender relays " + topic + " to this service"));
    }

    /** The subject of a KafkaSource that relays some topic to the service under test. */
    public static String anyRelay() {
        return sender("topics", value -> true)
                .orElseThrow(() -> new IllegalStateException("no push sender relays a topic to this service"));
    }

    /** The subject of the PingSource whose ticks the service accepts. */
    public static String pingSender() {
        return sender("ping-source", value -> true)
                .orElseThrow(() -> new IllegalStateException("no PingSource may send ticks to this service"));
    }

    /** The CloudEvents source of the ticks the service accepts. */
    public static String pingSource() {
        String name = senderName("ping-source", value -> true).orElseThrow();
        return config().getValue("processflow.push.senders." + name + ".ping-source", String.class);
    }

    /** A token of the KafkaSource relaying this topic. */
    public static String relayToken(String topic) {
        return token(relayOf(topic)).sign();
    }

    /** A token for this subject and the service's audience, to refine before signing. */
    public static TestIssuer.Token token(String subject) {
        return issuer().token(subject).audience(audience());
    }

    private static Optional<String> sender(String kind, java.util.function.Predicate<String> matches) {
        return senderName(kind, matches)
                .map(name -> config().getValue("processflow.push.senders." + name + ".subject", String.class));
    }

    private static Optional<String> senderName(String kind, java.util.function.Predicate<String> matches) {
        Config config = config();
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .map(SENDER::matcher)
                .filter(Matcher::matches)
                .filter(m -> m.group(2).equals(kind))
                .filter(m -> config.getOptionalValue(m.group(0), String.class).filter(matches).isPresent())
                .map(m -> m.group(1))
                .findFirst();
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }
}
