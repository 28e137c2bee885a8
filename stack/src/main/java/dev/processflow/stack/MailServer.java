package dev.processflow.stack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * An SMTP server that keeps what it receives (GreenMail) and lists it over HTTP: {@code GET /messages} answers JSON
 * with every message's id, from, to, subject, date and body, newest last.
 */
public final class MailServer {

    private MailServer() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        ObjectMapper json = new ObjectMapper();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/messages", exchange -> list(greenMail, json, exchange));
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
    private static void list(GreenMail greenMail, ObjectMapper json, HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody();
                JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartArray();
            MimeMessage[] received = greenMail.getReceivedMessages();
            for (int i = 0; i < received.length; i++) {
                writeMessage(generator, i, received[i]);
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
}
