package dev.processflow.notification.sending;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Whether the mail server took the last attempt, and since when it has not: for health and for pacing retries. */
@ApplicationScoped
public class SmtpStatus {

    /** The mail server has been unavailable since {@code since}; {@code lastError} is what the last attempt got. */
    public record Outage(Instant since, String lastError) {
    }

    private volatile Outage outage;

    void available() {
        outage = null;
    }

    synchronized void unavailable(String error) {
        outage = new Outage(outage == null ? Instant.now() : outage.since(), error);
    }

    public Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }
}
