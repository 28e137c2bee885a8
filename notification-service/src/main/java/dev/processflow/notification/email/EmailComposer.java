package dev.processflow.notification.email;

import dev.processflow.events.notification.NotificationKind;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderRejected;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the text and HTML bodies of the email an order outcome deserves. */
@ApplicationScoped
public class EmailComposer {

    public OutgoingEmail confirmation(OrderConfirmed order) {
        ConfirmationEmail email = new ConfirmationEmail(order.customer().name(), EmailFormat.orderRef(order.orderId()),
                order.items().stream().map(EmailComposer::line).toList(), EmailFormat.money(order.total()));
        return new OutgoingEmail(order.orderId(), order.customer().id(), NotificationKind.CONFIRMATION,
                order.customer().email(),
                EmailFormat.confirmationSubject(order.orderId()),
                EmailTemplates.confirmationText(email).render(), EmailTemplates.confirmationHtml(email).render());
    }

    public OutgoingEmail rejection(OrderRejected order) {
        RejectionEmail email = new RejectionEmail(order.customer().name(), EmailFormat.orderRef(order.orderId()),
                EmailFormat.reason(order.reason()), EmailFormat.detail(order.detail()));
        return new OutgoingEmail(order.orderId(), order.customer().id(), NotificationKind.REJECTION,
                order.customer().email(),
                EmailFormat.rejectionSubject(order.orderId()),
                EmailTemplates.rejectionText(email).render(), EmailTemplates.rejectionHtml(email).render());
    }

    private static ConfirmationEmail.Line line(OrderLine line) {
        return new ConfirmationEmail.Line(line.sku(), line.quantity(), EmailFormat.money(line.unitPrice()),
                EmailFormat.money(line.unitPrice().times(line.quantity())));
    }
}
