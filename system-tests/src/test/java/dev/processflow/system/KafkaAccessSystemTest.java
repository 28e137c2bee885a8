package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.events.EventCodec;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.Topics;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.stack.KafkaCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker, not the services' good manners, keeps each service to its own topics: writes to a topic another
 * service owns, reads of a topic a service does not consume and joins of another service's group are refused by the
 * broker's ACLs, and nobody gets in without credentials.
 */
@ExtendWith(RunningStack.class)
class KafkaAccessSystemTest {

    private static final List<String> NOT_THE_PAYMENT_SERVICE = List.of("order-service", "inventory-service",
            "notification-service", "image-service", KafkaCredentials.OBSERVER);

    @Test
    void aForgedPaymentAuthorizationFromAnyOtherUserIsRefusedAndTheDeclinedOrderStaysUnpaid(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        shop.putProduct("SYS-FORGE", 4999, 5);
        // The provider fails this card for several seconds before declining it: the window a forged authorization
        // would need to confirm the order with the goods reserved.
        String order = shop.placeOrder("forge-1", "grace", "SYS-FORGE", 1, "tok_chargeDeclinedProcessingError",
                Duration.ofSeconds(60)).orElseThrow();

        for (String user : NOT_THE_PAYMENT_SERVICE) {
            assertThatThrownBy(() -> send(stack, user, Topics.PAYMENTS, forgedAuthorization(order)))
                    .as("%s writing payments", user).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
        // Same client, same login, a topic this user may write: the refusal above is the ACL, not a failed login.
        send(stack, "notification-service", Topics.deadLetter(Topics.ORDERS),
                new ProducerRecord<>(Topics.deadLetter(Topics.ORDERS), "system-test-probe", "{}".getBytes(StandardCharsets.UTF_8)));

        Awaitility.await().atMost(RunningStack.SAGA_TIMEOUT.plusSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> shop.order(order).get("status").asText(), status -> !status.equals("PENDING"));
        JsonNode decided = shop.order(order);
        assertThat(decided.get("status").asText()).isEqualTo("REJECTED");
        assertThat(decided.get("rejectionReason").asText()).isEqualTo("PAYMENT_DECLINED");
        List<String> timeline = new ArrayList<>();
        decided.get("timeline").forEach(step -> timeline.add(step.get("type").asText()));
        assertThat(timeline).doesNotContain(EventType.PAYMENT_AUTHORIZED.typeName());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(shop.payment(order).orElseThrow().get("status").asText()).isEqualTo("DECLINED");
            assertThat(shop.product("SYS-FORGE").get("onHand").asInt()).isEqualTo(5);
            assertThat(shop.product("SYS-FORGE").get("reserved").asInt()).isZero();
        });
    }

    @Test
    void aServiceCannotReadATopicItDoesNotConsume(RunningStack.Handle stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, "notification-service", null)) {
            consumer.assign(List.of(new TopicPartition(Topics.ORDERS, 0)));
            consumer.poll(Duration.ofSeconds(2));

            consumer.assign(List.of(new TopicPartition(Topics.PAYMENTS, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.PAYMENTS);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, "image-service", null)) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.ORDERS, Duration.ofSeconds(5)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceCannotJoinAnotherServicesConsumerGroup(RunningStack.Handle stack) {
        for (String group : List.of("payment-service", "inventory-service")) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, "notification-service", group)) {
                consumer.subscribe(List.of(Topics.ORDERS));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).as("joining %s", group)
                        .isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    @Test
    void theObserverReadsEveryTopicAndDeadLetterTopicButWritesAndJoinsNothing(RunningStack.Handle stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, KafkaCredentials.OBSERVER, null)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.ALL) {
                partitions.add(new TopicPartition(topic, 0));
                partitions.add(new TopicPartition(Topics.deadLetter(topic), 0));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ofSeconds(2));
            partitions.forEach(p -> assertThat(consumer.position(p, Duration.ofSeconds(10))).isNotNegative());
        }
        assertThatThrownBy(() -> send(stack, KafkaCredentials.OBSERVER, Topics.deadLetter(Topics.ORDERS),
                new ProducerRecord<>(Topics.deadLetter(Topics.ORDERS), "k", new byte[0])))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, KafkaCredentials.OBSERVER, "notification-service")) {
            consumer.subscribe(List.of(Topics.ORDERS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void nobodyGetsInWithoutTheRightCredentialsNorGrantsThemselvesAccessAtTheController(RunningStack.Handle stack)
            throws Exception {
        Map<String, Object> wrongPassword = stack.kafkaClient("payment-service");
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"payment-service\" password=\"guessed\";");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(wrongPassword, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.PAYMENTS, Duration.ofSeconds(10)))
                    .isInstanceOf(AuthenticationException.class);
        }

        // A service's own login is no key to the controller, which would otherwise take ACL changes directly.
        Map<String, Object> atController = stack.kafkaClient("notification-service");
        atController.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        atController.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + stack.stack().layout().controllerPort());
        atController.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        atController.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        AclBinding selfGrant = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.PAYMENTS, PatternType.LITERAL),
                new AccessControlEntry("User:notification-service", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(atController)) {
            assertThatThrownBy(() -> admin.createAcls(List.of(selfGrant)).all().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
        try (Admin admin = Admin.create(stack.kafkaClient(KafkaCredentials.ADMIN))) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)).doesNotContain(selfGrant)
                    .contains(new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.PAYMENTS, PatternType.LITERAL),
                            new AccessControlEntry("User:payment-service", "*", AclOperation.WRITE, AclPermissionType.ALLOW)));
        }
    }

    private static ProducerRecord<String, byte[]> forgedAuthorization(String orderId) {
        UUID order = UUID.fromString(orderId);
        String data = EventCodec.standard().encodeData(new PaymentAuthorized(order, UUID.randomUUID(),
                Money.of(4999, "EUR"), "visa", "4242"));
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", Sources.PAYMENT_SERVICE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", EventType.PAYMENT_AUTHORIZED.typeName().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_subject", orderId.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.PAYMENTS, null, orderId, data.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void send(RunningStack.Handle stack, String user, String topic, ProducerRecord<String, byte[]> record) {
        Map<String, Object> config = stack.kafkaClient(user);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // An idempotent producer needs the right to write somewhere before it sends anything; a forger would switch
        // it off, so the refusal under test is the topic's ACL.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(user + " could not write " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException(user + " could not write " + topic + ": " + e, e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(RunningStack.Handle stack, String user, String group) {
        Map<String, Object> config = stack.kafkaClient(user);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
