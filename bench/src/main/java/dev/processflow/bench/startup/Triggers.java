package dev.processflow.bench.startup;

import dev.processflow.events.EventCodec;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one event each measured instance finds waiting, chosen so that handling it commits a dedupe row and, where
 * possible, emits nothing into the stack's own topics: a catalog upsert (order-service), the rejection of an order it
 * never saw (payment-service notes it), the confirmation of one (inventory-service records a tombstone), a rejection
 * (notification-service sends a real email to the mail catcher; its notification.sent reaches the stack's
 * order-service, which dead-letters it as an unknown order), and the upload of an image whose row and original the
 * benchmark put in place (image-service resizes a 640x480 JPEG).
 */
final class Triggers implements AutoCloseable {

    static final String DEAD_LETTERS = "bench-startup-dlq";

    private final Map<String, Object> kafka;
    private final Admin admin;
    private final Path imageDirectory;
    private final byte[] jpeg;

    /** {@code kafka}: the broker address and a login that may create topics and write them. */
    Triggers(Map<String, Object> kafka, Path imageDirectory) {
        this.kafka = Map.copyOf(kafka);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        admin = Admin.create(config);
        this.imageDirectory = imageDirectory;
        jpeg = sampleJpeg();
    }

    Path imageDirectory() {
        return imageDirectory;
    }

    boolean reachable() {
        try {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    void createTopic(String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    void deleteTopics(List<String> topics) throws Exception {
        admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    void send(ServiceUnderTest service, String topic, StartupBench.Engines engines) throws Exception {
        UUID subject = UUID.randomUUID();
        Customer customer = new Customer("startup-bench", "startup@bench.example", "Startup Bench");
        Money money = Money.of(1999, "EUR");
        Instant now = Instant.now();
        EventType type;
        Object data;
        String key = subject.toString();
        switch (service.name()) {
            case "order-service" -> {
                key = "BENCH-START-" + subject.toString().substring(0, 8).toUpperCase();
                type = EventType.CATALOG_PRODUCT_UPSERTED;
                data = new ProductUpserted(key, "startup probe", money, 5, 1);
            }
            case "payment-service", "notification-service" -> {
                type = EventType.ORDER_REJECTED;
                data = new OrderRejected(subject, customer, RejectionReason.OUT_OF_STOCK, "startup benchmark", now);
            }
            case "inventory-service" -> {
                type = EventType.ORDER_CONFIRMED;
                data = new OrderConfirmed(subject, customer, List.of(new OrderLine("BENCH-START", 1, money)), money,
                        now);
            }
            case "image-service" -> {
                type = EventType.IMAGE_UPLOADED;
                placeImage(subject, engines, service);
                data = new ImageUploaded(subject, "jpeg", 640, 480, jpeg.length, sha256(jpeg));
            }
            default -> throw new IllegalArgumentException("no trigger for " + service.name());
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", UUID.randomUUID().toString());
        header(headers, "ce_source", type.owner());
        header(headers, "ce_type", type.typeName());
        header(headers, "ce_subject", key);
        header(headers, "ce_time", now.toString());
        header(headers, "content-type", "application/json");
        // A producer per event: one kept for the whole benchmark would keep asking for the deleted topics' metadata.
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, EventCodec.standard().encodeData(data).getBytes(StandardCharsets.UTF_8), headers))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The image row (PROCESSING) and its original in local storage, as an upload leaves them. Before the first start
     * has created the table there is nothing to insert into, and that start only waits for ready.
     */
    private void placeImage(UUID id, StartupBench.Engines engines, ServiceUnderTest service) throws IOException {
        Path original = imageDirectory.resolve("originals").resolve(id.toString());
        Files.createDirectories(original.getParent());
        Files.write(original, jpeg);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = engines.connect(service.benchDatabase());
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO image (id, status, format, width, height, bytes, sha256, created_at, updated_at)
                        VALUES (?, 'PROCESSING', 'jpeg', 640, 480, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setLong(2, jpeg.length);
            insert.setString(3, sha256(jpeg));
            insert.setTimestamp(4, now);
            insert.setTimestamp(5, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw new IllegalStateException("could not place the trigger image: " + e.getMessage(), e);
            }
        }
    }

    private static byte[] sampleJpeg() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 640, 480, Color.BLUE));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
