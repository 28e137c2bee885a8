package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailStoreTest {

    @TempDir
    Path directory;

    @Test
    void aRepeatedMessageIdIsAcknowledgedOnceEvenAcrossARestart() throws Exception {
        MailServer.MailStore store = new MailServer.MailStore(directory);

        assertThat(store.keep(message("<a@processflow.dev>", "Your order 1 is confirmed"))).isTrue();
        assertThat(store.keep(message("<b@processflow.dev>", "Your order 2 is confirmed"))).isTrue();
        assertThat(store.keep(message("<a@processflow.dev>", "Your order 1 is confirmed"))).isFalse();

        assertThat(store.messages()).extracting(MimeMessage::getSubject)
                .containsExactly("Your order 1 is confirmed", "Your order 2 is confirmed");
        assertThat(store.duplicatesIgnored()).isEqualTo(1);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).hasSize(2);
        }

        MailServer.MailStore restarted = new MailServer.MailStore(directory);
        assertThat(restarted.keep(message("<b@processflow.dev>", "Your order 2 is confirmed"))).isFalse();
        assertThat(restarted.keep(message(null, "No id"))).isTrue();
        assertThat(restarted.keep(message(null, "No id"))).as("without a Message-ID nothing tells two apart").isTrue();
        assertThat(restarted.messages()).hasSize(4);
    }

    @Test
    void aMessageHandedOverOncePerRecipientIsKeptOnce() throws Exception {
        MailServer.MailStore store = new MailServer.MailStore(directory);
        MimeMessage forTwo = message("<c@processflow.dev>", "Your order 3 is confirmed");

        assertThat(store.keep(forTwo)).isTrue();
        assertThat(store.keep(forTwo)).isFalse();

        assertThat(store.messages()).hasSize(1);
        assertThat(store.duplicatesIgnored()).as("a second recipient is no repeat").isZero();
    }

    private static MimeMessage message(String messageId, String subject) throws Exception {
        String raw = (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
                + "From: orders@processflow.dev\r\nTo: ada@example.com\r\nSubject: " + subject + "\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nHello\r\n";
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }
}
