package dev.processflow.bench.orders;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every statement the services ran, with its parameters, from PostgreSQL's CSV log (the local stack writes it when
 * started with {@code PROCESSFLOW_POSTGRES_STATEMENT_LOG=true}): one line per execution, in the order the server
 * started them ({@code log_statement=all}); lines of a completed execution ({@code duration: ...}) are read too.
 */
final class StatementLog {

    /** One executed statement: who ran it where, its SQL with {@code $n} placeholders and their values (null: NULL). */
    record Executed(Instant time, String database, String session, String sql, List<String> parameters) {
    }

    private static final int LOG_TIME = 0;
    private static final int USER = 1;
    private static final int DATABASE = 2;
    private static final int SESSION = 5;
    private static final int MESSAGE = 13;
    private static final int DETAIL = 14;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.ROOT);
    /** The execute phase of the extended protocol, or a simple query; parse and bind phases are logged apart. */
    private static final Pattern EXECUTED = Pattern.compile(
            "(?:duration: [0-9.]+ ms {2})?(?:execute [^:]+|statement): (.*)", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    private StatementLog() {
    }

    /** The statements of {@code user} in {@code databases}, from every CSV file of {@code directory}, in order. */
    static List<Executed> read(Path directory, String user, Set<String> databases) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        List<Executed> executed = new ArrayList<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<String> row;
                while ((row = nextRow(reader)) != null) {
                    if (row.size() > DETAIL && user.equals(row.get(USER)) && databases.contains(row.get(DATABASE))) {
                        parse(row).ifPresent(executed::add);
                    }
                }
            }
        }
        return executed;
    }

    private static Optional<Executed> parse(List<String> row) {
        Matcher matcher = EXECUTED.matcher(row.get(MESSAGE));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Executed(ZonedDateTime.parse(row.get(LOG_TIME), TIME).toInstant(), row.get(DATABASE),
                row.get(SESSION), matcher.group(1), parameters(row.get(DETAIL))));
    }

    /** {@code parameters: $1 = 'a', $2 = NULL}: the values in placeholder order, quotes undone. */
    static List<String> parameters(String detail) {
        List<String> values = new ArrayList<>();
        String prefix = "parameters: ";
        if (detail == null || !detail.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return values;
        }
        int i = prefix.length();
        while (i < detail.length()) {
            int equals = detail.indexOf(" = ", i);
            if (equals < 0) {
                break;
            }
            i = equals + 3;
            if (detail.startsWith("NULL", i)) {
                values.add(null);
                i += 4;
            } else {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < detail.length()) {
                    char c = detail.charAt(i++);
                    if (c == '\'') {
                        if (i < detail.length() && detail.charAt(i) == '\'') {
                            value.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        value.append(c);
                    }
                }
                values.add(value.toString());
            }
            i += 2;
        }
        return values;
    }

    /**
     * The statement for JDBC: each {@code $n} becomes {@code ?}; returns the placeholder numbers in order of
     * appearance, so the values bind to the right marks even when the SQL names them out of order.
     */
    static List<Integer> placeholders(String sql, StringBuilder jdbcSql) {
        List<Integer> order = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            order.add(Integer.parseInt(matcher.group(1)));
            matcher.appendReplacement(jdbcSql, "?");
        }
        matcher.appendTail(jdbcSql);
        return order;
    }

    /** One CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks); null at the end. */
    static List<String> nextRow(Reader reader) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = reader.read()) >= 0) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next < 0) {
                            break;
                        }
                        reader.reset();
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                return fields;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }
}
