package dev.processflow.notification.sending;

import dev.processflow.notification.email.EmailFormat;
import dev.processflow.notification.email.OutgoingEmail;
import dev.processflow.platform.eventing.Failures;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands one email to the SMTP server, once, and says how it went: accepted, refused for good (a 5xx reply, such as an
 * unknown recipient), or not taken because the server is unavailable (refused connection, timeout, a 4xx reply).
 * Retrying is the caller's business, durably. One attempt is bounded by {@code quarkus.mailer.timeout}.
 */
@ApplicationScoped
public class EmailSender {

    /** What one attempt came to. */
    public sealed interface Result {

        record Accepted() implements Result {
        }

        /** The server refused the e-mail for good; sending it again would be refused again. */
        record Refused(String reason) implements Result {
        }

        /** The server could not be reached or asked to try later. */
        record Unavailable(String reason) implements Result {
        }
    }

    private final Mailer mailer;
    private final SmtpStatus status;
    private final String messageIdDomain;
    /*
     * The Vert.x mail client does its first-use setup as an ordered blocking task on the caller's Vert.x context. Called
     * straight from the @Blocking Kafka consumer, that task queues behind the consumer, which is waiting for it: the
     * first email of a process would stall until the mailer timeout. SMTP calls therefore run on threads of their own.
     */
    private final ExecutorService smtpThreads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "smtp-sender");
        thread.setDaemon(true);
        return thread;
    });

    public EmailSender(Mailer mailer, SmtpStatus status,
            @ConfigProperty(name = "processflow.notification.message-id-domain") String messageIdDomain) {
        this.mailer = mailer;
        this.status = status;
        this.messageIdDomain = messageIdDomain;
    }

    public Result send(UUID notificationId, OutgoingEmail email) {
        Mail mail = Mail.withText(email.to(), email.subject(), email.text())
                .setHtml(email.html())
                .addHeader("Message-ID", EmailFormat.messageId(notificationId, messageIdDomain));
        try {
            smtpThreads.submit(() -> mailer.send(mail)).get();
            status.available();
            return new Result.Accepted();
        } catch (ExecutionException e) {
            Result result = classify(e.getCause());
            if (result instanceof Result.Unavailable unavailable) {
                status.unavailable(unavailable.reason());
            } else {
                status.available();
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unavailable("interrupted while sending");
        }
    }

    static Result classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                String reply = smtp.getReplyCode() + " " + smtp.getReplyMessage();
                return smtp.isPermanent() ? new Result.Refused(reply) : new Result.Unavailable(reply);
            }
            if (cause instanceof IllegalArgumentException) {
                return new Result.Refused("the e-mail cannot be built: " + cause.getMessage());
            }
        }
        return new Result.Unavailable(Failures.rootMessage(failure));
    }

    @PreDestroy
    void stop() {
        smtpThreads.shutdown();
    }
}
