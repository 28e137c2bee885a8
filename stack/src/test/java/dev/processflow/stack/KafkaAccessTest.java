package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.stack.KafkaAccess.Channel;
import dev.processflow.stack.KafkaAccess.Grant;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The broker's ACLs follow from the services' own configuration and from who owns which topic. */
class KafkaAccessTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("order-service", "payment-service", "inventory-service",
            "notification-service", "image-service");
    private static final Map<String, List<String>> OWNED = Map.of("order-service", List.of("orders"),
            "payment-service", List.of("payments"), "inventory-service", List.of("inventory", "catalog"),
            "notification-service", List.of("notifications"), "image-service", List.of("images"));

    private final KafkaAccess access = KafkaAccess.sources(REPOSITORY, SERVICES, List.of("prod"));

    @Test
    void paymentServiceWritesPaymentsAndItsDeadLettersAndReadsOrdersInItsGroupAndTheDeadLettersItRedrives() {
        assertThat(grantsOf("payment-service")).containsExactlyInAnyOrder(
                new Grant("payment-service", AclOperation.WRITE, ResourceType.TOPIC, "payments"),
                new Grant("payment-service", AclOperation.WRITE, ResourceType.TOPIC, "orders.dlq"),
                new Grant("payment-service", AclOperation.READ, ResourceType.TOPIC, "orders"),
                new Grant("payment-service", AclOperation.READ, ResourceType.GROUP, "payment-service"),
                new Grant("payment-service", AclOperation.READ, ResourceType.TOPIC, "payments.dlq"));
    }

    @Test
    void everyServiceWritesOnlyWhatItOwnsAndTheDeadLettersOfWhatItConsumes() {
        for (String service : SERVICES) {
            List<String> consumed = access.services().get(service).channels().stream().map(Channel::topic).toList();
            List<String> ownedDeadLetters = OWNED.get(service).stream().map(t -> t + ".dlq").toList();
            assertThat(consumed).as("%s consumes", service).isNotEmpty();
            assertThat(access.services().get(service).redriven()).as("%s redrives", service)
                    .containsExactlyInAnyOrderElementsOf(ownedDeadLetters);
            assertThat(names(service, AclOperation.WRITE, ResourceType.TOPIC)).as("%s writes", service)
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(OWNED.get(service).stream(),
                            consumed.stream().map(t -> t + ".dlq")).toList());
            assertThat(names(service, AclOperation.READ, ResourceType.TOPIC)).as("%s reads", service)
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(consumed.stream(), ownedDeadLetters.stream()).toList());
            assertThat(grantsOf(service)).as("%s may only read and write", service)
                    .allMatch(g -> g.operation() == AclOperation.READ || g.operation() == AclOperation.WRITE);
        }
        assertThat(names("order-service", AclOperation.READ, ResourceType.TOPIC))
                .containsExactlyInAnyOrder("payments", "inventory", "notifications", "catalog", "orders.dlq");
        assertThat(names("order-service", AclOperation.READ, ResourceType.GROUP)).containsExactlyInAnyOrder(
                "order-service-payments", "order-service-inventory", "order-service-notifications", "order-service-catalog");
        assertThat(names("notification-service", AclOperation.READ, ResourceType.TOPIC))
                .containsExactlyInAnyOrder("orders", "notifications.dlq");
        assertThat(names("inventory-service", AclOperation.READ, ResourceType.TOPIC))
                .containsExactlyInAnyOrder("orders", "inventory.dlq", "catalog.dlq");
    }

    @Test
    void readingTheDeadLettersOfATopicAServiceDoesNotOwnIsRefused() {
        Properties config = properties("""
                processflow.dead-letters.topics=notifications.dlq,payments.dlq
                """);
        KafkaAccess.Service notification = KafkaAccess.service("notification-service", config, List.of("prod"));

        assertThat(notification.redriven()).containsExactly("notifications.dlq", "payments.dlq");
        assertThatThrownBy(() -> KafkaAccess.service("notification-service", notification))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("names payments.dlq, which is not the dead-letter topic of a topic it owns [notifications]");
    }

    @Test
    void theObserverReadsEveryTopicAndDeadLetterTopicAndWritesNothing() {
        assertThat(names(KafkaCredentials.OBSERVER, AclOperation.READ, ResourceType.TOPIC)).hasSize(12)
                .contains("payments", "payments.dlq", "catalog.dlq");
        assertThat(grantsOf(KafkaCredentials.OBSERVER)).noneMatch(g -> g.operation() == AclOperation.WRITE);
        assertThat(access.users()).containsExactlyInAnyOrder("admin", "observer", "order-service", "payment-service",
                "inventory-service", "notification-service", "image-service");
        assertThat(access.managedUsers()).doesNotContain("admin");
    }

    @Test
    void aDeadLetterTopicThatIsAnotherServicesTopicIsRefused() {
        Properties config = properties("""
                mp.messaging.incoming.orders.connector=smallrye-kafka
                mp.messaging.incoming.orders.topic=orders
                mp.messaging.incoming.orders.dead-letter-queue.topic=payments
                """);
        KafkaAccess.Service notification = KafkaAccess.service("notification-service", config, List.of("prod"));

        assertThatThrownBy(() -> KafkaAccess.service("notification-service", notification)).isInstanceOf(StackException.class)
                .hasMessageContaining("dead-letters to payments, not to orders.dlq");
    }

    @Test
    void channelsFollowTheActiveProfilesAndTheConnectorsDefaults() {
        Properties config = properties("""
                quarkus.application.name=payment-service
                mp.messaging.incoming.orders.connector=smallrye-kafka
                %local.mp.messaging.incoming.orders.group.id=local-group
                %knative.mp.messaging.incoming.orders.enabled=false
                mp.messaging.incoming.ticks.connector=smallrye-in-memory
                """);

        assertThat(KafkaAccess.channels("payment-service", config, List.of("prod")))
                .containsExactly(new Channel("orders", "orders", "payment-service", "dead-letter-topic-orders"));
        assertThat(KafkaAccess.channels("payment-service", config, List.of("prod", "local")))
                .extracting(Channel::group).containsExactly("local-group");
        assertThat(KafkaAccess.channels("payment-service", config, List.of("prod", "knative"))).isEmpty();
    }

    @Test
    void composeCreatesExactlyTheseAcls() throws IOException {
        String file = Files.readString(REPOSITORY.resolve("docker/kafka/acls.txt"));
        String lines = file.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));

        assertThat(lines).as("docker/kafka/acls.txt must be exactly this model:%n%s", access.render()).isEqualTo(access.render());
    }

    private List<Grant> grantsOf(String user) {
        return access.grants().stream().filter(g -> g.user().equals(user)).toList();
    }

    private List<String> names(String user, AclOperation operation, ResourceType type) {
        return grantsOf(user).stream().filter(g -> g.operation() == operation && g.resourceType() == type).map(Grant::name).toList();
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
