package dev.processflow.notification.email;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Type-safe Qute templates under {@code templates/emails/}; expressions are checked at build time. */
@CheckedTemplate(basePath = "emails")
public final class EmailTemplates {

    private EmailTemplates() {
    }

    public static native TemplateInstance confirmationText(ConfirmationEmail email);

    public static native TemplateInstance confirmationHtml(ConfirmationEmail email);

    public static native TemplateInstance rejectionText(RejectionEmail email);

    public static native TemplateInstance rejectionHtml(RejectionEmail email);
}
