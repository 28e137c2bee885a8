package dev.processflow.notification.sending;

import dev.processflow.notification.email.EmailFormat;
import dev.processflow.notification.email.OutgoingEmail;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Hands one email to the SMTP server, retrying with exponential backoff while the server is unreachable or refuses it.
 * The defaults below hold in production; every value can be overridden under
 * {@code quarkus.fault-tolerance."dev.processflow.notification.sending.EmailSender/send"}.
 */
@ApplicationScoped
public class EmailSender {

    private final Mailer mailer;
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

    public EmailSender(Mailer mailer,
            @ConfigProperty(name = "processflow.notification.message-id-domain") String messageIdDomain) {
        this.mailer = mailer;
        this.messageIdDomain = messageIdDomain;
    }

    /** Counts every SMTP attempt into {@code attempts}, so the caller can record them whatever the outcome. */
    @Retry(maxRetries = 5, delay = 1000, jitter = 200, maxDuration = 90_000)
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    public void send(UUID notificationId, OutgoingEmail email, AtomicInteger attempts) {
        attempts.incrementAndGet();
        Mail mail = Mail.withText(email.to(), email.subject(), email.text())
                .setHtml(email.html())
                .addHeader("Message-ID", EmailFormat.messageId(notificationId, messageIdDomain));
        try {
            smtpThreads.submit(() -> mailer.send(mail)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending an email", e);
        }
    }

    @PreDestroy
    void stop() {
        smtpThreads.shutdown();
    }
}
