package dev.processflow.bench.orders;

/** The CloudEvents types (header {@code ce_type}) the benchmark follows; DESIGN.md section 2. */
final class EventTypes {

    static final String ORDER_CONFIRMED = "processflow.order.confirmed";
    static final String ORDER_REJECTED = "processflow.order.rejected";
    static final String PAYMENT_AUTHORIZED = "processflow.payment.authorized";
    static final String PAYMENT_DECLINED = "processflow.payment.declined";
    static final String PAYMENT_CAPTURED = "processflow.payment.captured";
    static final String PAYMENT_VOIDED = "processflow.payment.voided";
    static final String NOTIFICATION_SENT = "processflow.notification.sent";

    private EventTypes() {
    }
}
