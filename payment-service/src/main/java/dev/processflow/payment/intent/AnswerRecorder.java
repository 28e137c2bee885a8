package dev.processflow.payment.intent;

import dev.processflow.payment.authorization.Authorizations;
import dev.processflow.payment.gateway.AuthorizationResult;
import dev.processflow.payment.gateway.SettlementResult;
import dev.processflow.payment.settlement.Settlements;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records the provider's answers: those that arrive while a recording is under way wait for it and are then recorded
 * together, in one transaction (a group commit), so a busy service spends one transaction on a window of calls
 * rather than one per call, and an idle one records each answer at once. The answers of a window are applied in the
 * global lock order of the payment rows (by order id, as the consumers' batches do), each in its own call's trace. If
 * the window's transaction fails, each answer is recorded again alone, so one bad answer holds back no other.
 */
@ApplicationScoped
public class AnswerRecorder {

    private static final Logger LOG = Logger.getLogger(AnswerRecorder.class);

    /** One answer waiting for its transaction; {@code trace} is the call's span, current while it is recorded. */
    private record Answer(ClaimedIntent intent, CallOutcome<?> outcome, Context trace, CompletableFuture<Void> recorded) {
    }

    private final Authorizations authorizations;
    private final Settlements settlements;
    private final MeterRegistry registry;
    private final ConcurrentLinkedQueue<Answer> waiting = new ConcurrentLinkedQueue<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> new Thread(r, "payment-answers"));

    public AnswerRecorder(Authorizations authorizations, Settlements settlements, MeterRegistry registry) {
        this.authorizations = authorizations;
        this.settlements = settlements;
        this.registry = registry;
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        recorder.shutdown();
        recorder.awaitTermination(10, TimeUnit.SECONDS);
    }

    /**
     * Returns once the answer is recorded; throws if its recording failed (the intent then stays claimed until its
     * lease ends, and the call is made again with the same key).
     */
    public void record(ClaimedIntent intent, CallOutcome<?> outcome) {
        Answer answer = new Answer(intent, outcome, Context.current(), new CompletableFuture<>());
        waiting.add(answer);
        try {
            recorder.execute(this::recordWaiting);
        } catch (RejectedExecutionException stopping) {
            if (waiting.remove(answer)) {
                throw new IllegalStateException("the service is stopping", stopping);
            }
        }
        try {
            answer.recorded().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Takes every answer waiting now (none if an earlier run took them). */
    private void recordWaiting() {
        List<Answer> window = new ArrayList<>();
        for (Answer answer = waiting.poll(); answer != null; answer = waiting.poll()) {
            window.add(answer);
        }
        if (window.isEmpty()) {
            return;
        }
        try {
            record(window);
        } finally {
            // whatever escaped (an Error), no caller waits for ever: its intent is called again after its lease
            window.forEach(answer -> answer.recorded().completeExceptionally(new IllegalStateException("not recorded")));
        }
    }

    private void record(List<Answer> window) {
        registry.summary("processflow.payment.answers.window", "unit", "answers").record(window.size());
        if (window.size() > 1) {
            window.sort(Comparator.comparing(answer -> answer.intent().orderId().toString()));
            try {
                QuarkusTransaction.requiringNew().run(() -> window.forEach(this::apply));
                window.forEach(answer -> answer.recorded().complete(null));
                return;
            } catch (RuntimeException windowFailure) {
                LOG.debugf("recording %d answers together failed, recording each alone: %s", window.size(),
                        windowFailure.getMessage());
            }
        }
        window.forEach(this::recordAlone);
    }

    /** In its call's trace from the start to the commit, so the statements of the commit belong to it too. */
    private void recordAlone(Answer answer) {
        try (Scope inCall = answer.trace().makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> apply(answer));
            answer.recorded().complete(null);
        } catch (RuntimeException failure) {
            answer.recorded().completeExceptionally(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(Answer answer) {
        try (Scope inCall = answer.trace().makeCurrent()) {
            if (answer.intent().action() == IntentAction.AUTHORIZE) {
                authorizations.record(answer.intent(), (CallOutcome<AuthorizationResult>) answer.outcome());
            } else {
                settlements.record(answer.intent(), (CallOutcome<SettlementResult>) answer.outcome());
            }
        }
    }
}
