package dev.processflow.payment.api;

import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentHistoryEntry;
import dev.processflow.payment.intent.IntentStatus;
import dev.processflow.payment.intent.PaymentIntent;
import dev.processflow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PaymentQueries {

    /** The payment of this order if the caller may read it: the order's customer or an admin. */
    @Transactional
    public Optional<PaymentView> find(UUID orderId, Caller caller) {
        return Payment.<Payment>findByIdOptional(orderId)
                .filter(payment -> caller.mayRead(payment.customerId))
                .map(payment -> PaymentView.of(payment,
                        PaymentIntent.list("orderId = ?1 and status in ?2 order by createdAt", orderId,
                                List.of(IntentStatus.OPEN, IntentStatus.GAVE_UP)),
                        PaymentHistoryEntry.of(orderId)));
    }
}
