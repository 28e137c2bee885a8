package dev.processflow.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processflow.deadletters.DeadLetterTopics;
import dev.processflow.deadletters.DeadLetterTopics.DeadLetter;
import dev.processflow.deadletters.DeadLetterTopics.Redriven;
import dev.processflow.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code processflow dlq list [TOPIC] | show ID | redrive [--topic T] (--id ID | --all)}: the dead letters of a
 * running stack, read and redriven with the Kafka client settings its {@code up} wrote to the data directory.
 * TOPIC is a dead-letter topic ({@code orders.dlq}) or the topic it belongs to ({@code orders}); without one, every
 * dead-letter topic.
 */
final class DeadLetterCommand {

    static final String USAGE = "processflow dlq list [TOPIC] [--limit N] | dlq show ID | "
            + "dlq redrive [--topic TOPIC] (--id ID | --all)   [--data-dir DIR]";
    private static final int DEFAULT_LIMIT = 100;

    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    DeadLetterCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} (after {@code dlq}); returns the exit code. */
    int run(List<String> args, Path dataDir) throws IOException {
        if (args.isEmpty()) {
            return usage();
        }
        Optional<Map<String, Object>> client = clientConfig(dataDir);
        if (client.isEmpty()) {
            err.println("processflow is not running with data directory " + dataDir + " (no " + StackLayout.CLIENT_PROPERTIES
                    + "); start it with ./processflow up");
            return 1;
        }
        Options options = Options.parse(args.subList(1, args.size()));
        if (options == null) {
            return usage();
        }
        try (DeadLetterTopics topics = new DeadLetterTopics(client.get())) {
            return switch (args.get(0)) {
                case "list" -> list(topics, options);
                case "show" -> show(topics, options);
                case "redrive" -> redrive(topics, options);
                default -> usage();
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private int list(DeadLetterTopics topics, Options options) {
        if (options.positional().size() > 1) {
            return usage();
        }
        Optional<String> topic = options.positional().stream().findFirst().or(() -> Optional.ofNullable(options.topic()));
        int shown = 0;
        for (String each : topic.map(t -> List.of(deadLetterTopic(t))).orElseGet(DeadLetterCommand::allTopics)) {
            for (DeadLetter letter : topics.list(each, options.limit())) {
                out.printf("%-24s %-26s %-38s %s%n", letter.id(), letter.deadLetteredAt(), letter.key(),
                        oneLine(letter.reason()));
                shown++;
            }
        }
        err.println(shown + " dead letter(s)");
        return 0;
    }

    private int show(DeadLetterTopics topics, Options options) throws IOException {
        String id = options.id() != null ? options.id() : options.positional().stream().findFirst().orElse(null);
        if (id == null) {
            return usage();
        }
        Optional<DeadLetter> letter = topics.find(id);
        if (letter.isEmpty()) {
            err.println("no dead letter " + id);
            return 1;
        }
        out.println(json.writeValueAsString(letter.get()));
        return 0;
    }

    private int redrive(DeadLetterTopics topics, Options options) {
        if (options.all() == (options.id() != null) || !options.positional().isEmpty()) {
            return usage();
        }
        List<DeadLetter> letters = new ArrayList<>();
        if (options.id() != null) {
            DeadLetter letter = topics.find(options.id()).orElse(null);
            if (letter == null) {
                err.println("no dead letter " + options.id());
                return 1;
            }
            if (options.topic() != null && !letter.topic().equals(deadLetterTopic(options.topic()))) {
                err.println("dead letter " + options.id() + " is not on " + deadLetterTopic(options.topic()));
                return 1;
            }
            letters.add(letter);
        } else {
            List<String> each = options.topic() == null ? allTopics() : List.of(deadLetterTopic(options.topic()));
            each.forEach(topic -> letters.addAll(topics.list(topic, Integer.MAX_VALUE)));
        }
        for (Redriven redriven : topics.redrive(letters)) {
            out.printf("%s -> %s-%d@%d%n", redriven.id(), redriven.topic(), redriven.partition(), redriven.offset());
        }
        err.println(letters.size() + " dead letter(s) redriven");
        return 0;
    }

    private int usage() {
        err.println("usage: " + USAGE);
        return 2;
    }

    private static List<String> allTopics() {
        return Topics.ALL.stream().map(Topics::deadLetter).toList();
    }

    private static String deadLetterTopic(String topic) {
        return topic.endsWith(DeadLetterTopics.SUFFIX) ? topic : Topics.deadLetter(topic);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ");
    }

    /**
     * The client settings ({@code kafka.*}) the running stack wrote for its tools, logged in as the stack's super user:
     * a redrive writes to the topic of whichever service owns it.
     */
    static Optional<Map<String, Object>> clientConfig(Path dataDir) throws IOException {
        Path file = dataDir.resolve(StackLayout.CLIENT_PROPERTIES);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("kafka."))
                .forEach(name -> config.put(name.substring("kafka.".length()), properties.getProperty(name)));
        config.putAll(KafkaCredentials.load(dataDir).client(KafkaCredentials.ADMIN, (String) config.get("bootstrap.servers")));
        return Optional.of(config);
    }

    /** {@code --topic T}, {@code --id ID}, {@code --all}, {@code --limit N} and positional arguments. */
    record Options(List<String> positional, String topic, String id, boolean all, int limit) {

        static Options parse(List<String> args) {
            List<String> positional = new ArrayList<>();
            String topic = null;
            String id = null;
            boolean all = false;
            int limit = DEFAULT_LIMIT;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                boolean hasValue = i + 1 < args.size();
                switch (arg) {
                    case "--topic" -> {
                        if (!hasValue) {
                            return null;
                        }
                        topic = args.get(++i);
                    }
                    case "--id" -> {
                        if (!hasValue) {
                            return null;
                        }
                        id = args.get(++i);
                    }
                    case "--limit" -> {
                        if (!hasValue || !args.get(i + 1).matches("[1-9][0-9]{0,8}")) {
                            return null;
                        }
                        limit = Integer.parseInt(args.get(++i));
                    }
                    case "--all" -> all = true;
                    default -> {
                        if (arg.startsWith("--")) {
                            return null;
                        }
                        positional.add(arg);
                    }
                }
            }
            return new Options(positional, topic, id, all, limit);
        }
    }
}
