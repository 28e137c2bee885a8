package dev.processflow.payment.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which due intents a claim takes: authorizations before settlements, each kind oldest first, never one not yet due,
 * never more than asked for, however many are due. The intents here are due around 1990, long before anything
 * else in the database; the runner's own claims would take them too, but its poll is an hour apart in this profile
 * and nothing here wakes it.
 */
@QuarkusTest
@TestProfile(IntentClaimTest.QuietRunner.class)
class IntentClaimTest {

    public static class QuietRunner implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("processflow.payment.intents.poll-interval", "1h");
        }
    }

    private static final Instant EPOCH = Instant.parse("1990-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    Intents intents;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void closeEarlierTestsIntents() {
        sql("UPDATE payment_intent SET status = 'CANCELLED' WHERE status = 'OPEN' AND next_attempt_at < TIMESTAMPTZ '"
                + EPOCH.plus(Duration.ofDays(3650)) + "'");
    }

    @Test
    void authorizationsFirstThenSettlementsEachOldestFirstUpToTheLimit() {
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(payment());
        }
        // settlements due longest, so an order by due time alone would take them first
        intent(orders.get(0), "CAPTURE", 1, true);
        intent(orders.get(1), "VOID", 2, false);
        intent(orders.get(2), "CAPTURE", 3, false);
        intent(orders.get(3), "AUTHORIZE", 5, false);
        intent(orders.get(4), "AUTHORIZE", 4, false);
        intent(orders.get(5), "AUTHORIZE", 120, false);
        Instant now = EPOCH.plusSeconds(60);

        List<ClaimedIntent> first = claim(now, 4);
        assertThat(first).extracting(ClaimedIntent::orderId)
                .containsExactlyInAnyOrder(orders.get(4), orders.get(3), orders.get(0), orders.get(1));
        List<ClaimedIntent> second = claim(now, 4);
        assertThat(second).extracting(ClaimedIntent::orderId).containsExactly(orders.get(2));
        assertThat(claim(now, 4)).as("the one due later, and the ones leased").isEmpty();

        ClaimedIntent capture = first.stream().filter(c -> c.orderId().equals(orders.get(0))).findFirst().orElseThrow();
        assertThat(capture.action()).isEqualTo(IntentAction.CAPTURE);
        assertThat(capture.inDoubtBefore()).as("in doubt before this claim").isTrue();
        assertThat(capture.attempt()).isEqualTo(2);
        ClaimedIntent voiding = first.stream().filter(c -> c.orderId().equals(orders.get(1))).findFirst().orElseThrow();
        assertThat(voiding.inDoubtBefore()).isFalse();
        assertThat(voiding.amount().amount()).isEqualTo(1500);
        assertThat(count("SELECT count(*) FROM payment_intent WHERE order_id IN ('" + orders.get(0) + "', '"
                + orders.get(4) + "') AND outcome_unknown AND next_attempt_at > TIMESTAMPTZ '" + now + "'"))
                .as("leased and in doubt until recorded").isEqualTo(2);

        assertThat(claim(now.plus(LEASE).plusSeconds(61), 8)).as("the leases ended and the last one came due")
                .extracting(ClaimedIntent::orderId).containsExactlyInAnyOrderElementsOf(orders);
    }

    /** Many due settlements behind the authorizations: the claim still takes exactly the authorizations first. */
    @Test
    void aBacklogOfSettlementsWaitsBehindAnAuthorization() {
        Instant start = EPOCH.plus(Duration.ofDays(1));
        for (int i = 0; i < 200; i++) {
            intentAt(payment(), "CAPTURE", start.plusMillis(i), false);
        }
        UUID authorization = payment();
        intentAt(authorization, "AUTHORIZE", start.plusSeconds(10), false);

        List<ClaimedIntent> claimed = claim(start.plusSeconds(20), 3);
        assertThat(claimed).hasSize(3);
        assertThat(claimed).extracting(ClaimedIntent::orderId).contains(authorization);
        assertThat(claimed).filteredOn(c -> c.action() == IntentAction.CAPTURE).hasSize(2);
    }

    private List<ClaimedIntent> claim(Instant now, int limit) {
        return intents.claimDue(now, limit, LEASE);
    }

    private UUID payment() {
        UUID orderId = UUID.randomUUID();
        sql("INSERT INTO payment (order_id, payment_id, status, amount, currency, created_at, updated_at) VALUES ('"
                + orderId + "', '" + UUID.randomUUID() + "', 'PENDING', 1500, 'EUR', now(), now())");
        return orderId;
    }

    private void intent(UUID orderId, String action, int dueSecond, boolean inDoubt) {
        intentAt(orderId, action, EPOCH.plusSeconds(dueSecond), inDoubt);
    }

    private void intentAt(UUID orderId, String action, Instant due, boolean inDoubt) {
        sql("INSERT INTO payment_intent (id, order_id, action, status, attempts, next_attempt_at, outcome_unknown, "
                + "token, retry_since, created_at, updated_at) VALUES ('" + orderId + ":" + action.toLowerCase()
                + "', '" + orderId + "', '" + action + "', 'OPEN', " + (inDoubt ? 1 : 0) + ", TIMESTAMPTZ '" + due
                + "', " + inDoubt + ", 'tok_visa', now(), now(), now())");
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }

    private long count(String query) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery(query).getSingleResult()).longValue());
    }
}
