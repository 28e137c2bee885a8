package dev.processflow.platform.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.EventType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushSendersTest {

    private static final String PAYMENTS = "system:serviceaccount:processflow:order-service-payments-oidc-sources.knative.dev-kafkasource";
    private static final String PING = "system:serviceaccount:processflow:order-sweeps-oidc-sources.knative.dev-pingsource";
    private static final String TICKS = "/apis/v1/namespaces/processflow/pingsources/order-sweeps";

    private final PushSenders senders = new PushSenders(List.of(
            sender(PAYMENTS, Optional.of(Set.of("payments")), Optional.empty()),
            sender(PING, Optional.empty(), Optional.of(TICKS))));

    @Test
    void aRelayDeliversTheTypesOfItsTopicOnly() {
        assertThat(senders.mayDeliver(PAYMENTS, EventType.PAYMENT_AUTHORIZED)).isTrue();
        assertThat(senders.mayDeliver(PAYMENTS, EventType.PAYMENT_VOIDED)).isTrue();
        assertThat(senders.mayDeliver(PAYMENTS, EventType.INVENTORY_RESERVED)).isFalse();
        assertThat(senders.mayDeliver(PAYMENTS, EventType.CATALOG_PRODUCT_UPSERTED)).isFalse();
    }

    @Test
    void aPingSourceTicksFromItsOwnSourceAndRelaysNothing() {
        assertThat(senders.mayTick(PING, TICKS)).isTrue();
        assertThat(senders.mayTick(PING, "/apis/v1/namespaces/other/pingsources/order-sweeps")).isFalse();
        assertThat(senders.mayTick(PAYMENTS, TICKS)).isFalse();
        assertThat(senders.mayDeliver(PING, EventType.PAYMENT_AUTHORIZED)).isFalse();
    }

    @Test
    void strangersAreNobody() {
        String stranger = "system:serviceaccount:processflow:intruder";
        assertThat(senders.known(stranger)).isFalse();
        assertThat(senders.known(PAYMENTS)).isTrue();
        assertThat(senders.mayDeliver(stranger, EventType.PAYMENT_AUTHORIZED)).isFalse();
        assertThat(senders.mayTick(stranger, TICKS)).isFalse();
        assertThat(new PushSenders(List.of()).subjects()).isEmpty();
    }

    private static PushConfig.Sender sender(String subject, Optional<Set<String>> topics, Optional<String> pingSource) {
        return new PushConfig.Sender() {
            @Override
            public String subject() {
                return subject;
            }

            @Override
            public Optional<Set<String>> topics() {
                return topics;
            }

            @Override
            public Optional<String> pingSource() {
                return pingSource;
            }
        };
    }
}
