package dev.processflow.stack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * An SMTP server that keeps what it receives (GreenMail) and lists it over HTTP: {@code GET /messages} answers JSON
 * with every message's id, from, to, subject, date and body, newest last. Every message is written to the store
 * directory before the server acknowledges it, and read back at start, so a restart loses none.
 * <p>
 * It stands in for the mail provider, and like the payment provider simulator it honours the effect's idempotency
 * key: a message whose Message-ID it already holds is acknowledged and not kept again. A sender that died after the
 * provider accepted an e-mail, before it could record that, sends it again under the same Message-ID; that is the
 * at-least-once of every effect, and the key is what makes it one e-mail. The listing's {@code X-Duplicates-Ignored}
 * header counts such repeats.
 */
public final class MailServer {

    private MailServer() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        MailStore store = new MailStore(Path.of(args[2]));
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        MessageDeliveryHandler delivery = greenMail.getUserManager().getMessageDeliveryHandler();
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> {
            store.keep(message.getMessage());
            return delivery.handle(message, recipient);
        });
        ObjectMapper json = new ObjectMapper();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/messages", exchange -> list(store, json, exchange));
        http.createContext("/", exchange -> respond(exchange, """
                {"smtp": "127.0.0.1:%d", "messages": "/messages"}""".formatted(smtpPort).getBytes(StandardCharsets.UTF_8)));
        http.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            greenMail.stop();
        }));
        System.out.println("mail ready: smtp 127.0.0.1:" + smtpPort + ", listing http://127.0.0.1:" + httpPort + "/messages");
        new CountDownLatch(1).await();
    }

    /**
     * Streamed message by message: after a long benchmark the catcher holds tens of thousands of mails, and one JSON
     * document built in memory would not fit the catcher's small heap.
     */
    private static void list(MailStore store, ObjectMapper json, HttpExchange exchange) throws IOException {
        List<MimeMessage> received = store.messages();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Duplicates-Ignored", Long.toString(store.duplicatesIgnored()));
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody();
                JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartArray();
            for (int i = 0; i < received.size(); i++) {
                writeMessage(generator, i, received.get(i));
            }
            generator.writeEndArray();
        }
    }

    private static void writeMessage(JsonGenerator generator, int index, MimeMessage message) throws IOException {
        generator.writeStartObject();
        generator.writeNumberField("index", index);
        try {
            generator.writeStringField("messageId", message.getMessageID());
            generator.writeStringField("from", join(message.getFrom()));
            generator.writeStringField("to", join(message.getRecipients(Message.RecipientType.TO)));
            generator.writeStringField("subject", message.getSubject());
            generator.writeStringField("date",
                    message.getSentDate() == null ? null : message.getSentDate().toInstant().toString());
            generator.writeStringField("body", GreenMailUtil.getBody(message));
        } catch (jakarta.mail.MessagingException e) {
            generator.writeStringField("error", e.getMessage());
        }
        generator.writeEndObject();
    }

    private static String join(Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (Address address : addresses) {
            joined.append(joined.length() == 0 ? "" : ", ").append(address.toString());
        }
        return joined.toString();
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Every message received, in arrival order, each also a file of the store directory. GreenMail hands a message
     * over once per recipient; it is kept once. A message whose Message-ID is already kept is not kept again.
     */
    static final class MailStore {

        private final Path directory;
        private final List<MimeMessage> messages = new ArrayList<>();
        private final Map<MimeMessage, Boolean> kept = Collections.synchronizedMap(new IdentityHashMap<>());
        private final Set<String> messageIds = new HashSet<>();
        private long duplicatesIgnored;

        MailStore(Path directory) throws IOException, MessagingException {
            this.directory = directory;
            Files.createDirectories(directory);
            Session session = Session.getInstance(new Properties());
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        MimeMessage message = new MimeMessage(session, in);
                        messages.add(message);
                        if (message.getMessageID() != null) {
                            messageIds.add(message.getMessageID());
                        }
                    }
                }
            }
        }

        /** True if the message is new and now kept; false for a recipient's copy or a repeated Message-ID. */
        synchronized boolean keep(MimeMessage message) {
            if (kept.put(message, Boolean.TRUE) != null) {
                return false;
            }
            String messageId;
            try {
                messageId = message.getMessageID();
            } catch (MessagingException e) {
                throw new UncheckedIOException(new IOException("unreadable Message-ID", e));
            }
            if (messageId != null && !messageIds.add(messageId)) {
                duplicatesIgnored++;
                System.out.println("mail: " + messageId + " was already received; acknowledged, not kept again");
                return false;
            }
            Path file = directory.resolve("%010d.eml".formatted(messages.size()));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            } catch (IOException | MessagingException e) {
                throw new UncheckedIOException(new IOException("could not keep a message in " + file, e));
            }
            messages.add(message);
            return true;
        }

        synchronized List<MimeMessage> messages() {
            return List.copyOf(messages);
        }

        synchronized long duplicatesIgnored() {
            return duplicatesIgnored;
        }
    }
}
