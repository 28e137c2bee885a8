package dev.processflow.payment.api;

import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentHistoryEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PaymentQueries {

    @Transactional
    public Optional<PaymentView> find(UUID orderId) {
        return Payment.<Payment>findByIdOptional(orderId)
                .map(payment -> PaymentView.of(payment, PaymentHistoryEntry.of(orderId)));
    }
}
