package dev.processflow.testsupport;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) started once per test JVM. Tests read what it received back over IMAP, the way a
 * mail client would (login and password are the recipient's address), so no class loader shares the server object.
 * Like a real server it refuses mailboxes it does not have: every recipient at {@value #UNKNOWN_DOMAIN} is refused
 * for good ({@value #UNKNOWN_MAILBOX}).
 */
public class SmtpEngine implements QuarkusTestResourceLifecycleManager {

    public static final String UNKNOWN_DOMAIN = "unknown.invalid";
    public static final String UNKNOWN_MAILBOX = "550 5.1.1 Recipient address rejected: mailbox unknown";

    public static final String SMTP_PORT_PROPERTY = "processflow.test.smtp.port";
    public static final String IMAP_PORT_PROPERTY = "processflow.test.imap.port";

    @Override
    public Map<String, String> start() {
        int smtpPort = smtpPort();
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtpPort),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        // the server outlives each Quarkus application and stops with the JVM
    }

    public static synchronized int smtpPort() {
        String running = System.getProperty(SMTP_PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int smtp = freePort();
        int imap = freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        }) {
            {
                managers = new RecipientChecking();
            }
        };
        greenMail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "smtp-engine-stop"));
        System.setProperty(SMTP_PORT_PROPERTY, Integer.toString(smtp));
        System.setProperty(IMAP_PORT_PROPERTY, Integer.toString(imap));
        return smtp;
    }

    public static int imapPort() {
        smtpPort();
        return Integer.parseInt(System.getProperty(IMAP_PORT_PROPERTY));
    }

    /** GreenMail's managers, its SMTP side refusing the recipients of the unknown domain at RCPT. */
    private static final class RecipientChecking extends Managers {

        private final SmtpManager smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
            @Override
            public String checkRecipient(SmtpState state, MailAddress recipient) {
                return recipient.getEmail().endsWith("@" + UNKNOWN_DOMAIN) ? UNKNOWN_MAILBOX
                        : super.checkRecipient(state, recipient);
            }
        };

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
