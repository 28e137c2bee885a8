package dev.processflow.notification;

import dev.processflow.testsupport.SmtpEngine;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;

/**
 * Reads a recipient's mailbox on the test SMTP server over IMAP, like a mail client. GreenMail creates the account
 * when the first email for the address arrives, with the address as login and password; before that there is none.
 */
public final class MailInbox {

    private final String address;

    private MailInbox(String address) {
        this.address = address;
    }

    public static MailInbox of(String address) {
        return new MailInbox(address);
    }

    /** One received email, with its text and HTML alternatives. */
    public record ReceivedMail(String messageId, String from, List<String> to, String subject, String text, String html) {
    }

    public List<ReceivedMail> messages() {
        Properties properties = new Properties();
        properties.put("mail.imap.host", "127.0.0.1");
        properties.put("mail.imap.port", Integer.toString(SmtpEngine.imapPort()));
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "5000");
        Session session = Session.getInstance(properties);
        try (Store store = session.getStore("imap")) {
            try {
                store.connect(address, address);
            } catch (AuthenticationFailedException noMailYet) {
                return List.of();
            }
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<ReceivedMail> received = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    received.add(read(message));
                }
                return received;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read the mailbox of " + address, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} emails arrived and returns all of them. */
    public List<ReceivedMail> await(int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(this::messages, messages -> messages.size() >= count);
    }

    private static ReceivedMail read(Message message) throws MessagingException, IOException {
        String[] ids = message.getHeader("Message-ID");
        Parts parts = new Parts();
        parts.collect(message);
        return new ReceivedMail(ids == null ? null : ids[0],
                ((InternetAddress) message.getFrom()[0]).toUnicodeString(),
                Arrays.stream(message.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()).toList(),
                message.getSubject(), parts.text, parts.html);
    }

    private static final class Parts {
        private String text;
        private String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("text/plain") && text == null) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html") && html == null) {
                html = (String) part.getContent();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    collect(body);
                }
            }
        }
    }
}
