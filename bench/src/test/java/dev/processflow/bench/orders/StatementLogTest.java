package dev.processflow.bench.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementLogTest {

    @Test
    void readsParametersInOrderWithQuotesAndNulls() {
        assertThat(StatementLog.parameters("parameters: $1 = 'a', $2 = NULL, $3 = 'it''s, fine', $4 = ''"))
                .containsExactly("a", null, "it's, fine", "");
        assertThat(StatementLog.parameters("")).isEmpty();
    }

    @Test
    void turnsPlaceholdersIntoJdbcMarksInOrderOfAppearance() {
        StringBuilder jdbc = new StringBuilder();
        List<Integer> order = StatementLog.placeholders("UPDATE t SET a = $2 WHERE id = $1 AND b = $10", jdbc);
        assertThat(jdbc.toString()).isEqualTo("UPDATE t SET a = ? WHERE id = ? AND b = ?");
        assertThat(order).containsExactly(2, 1, 10);
    }

    @Test
    void readsQuotedCsvFieldsAcrossLines() throws IOException {
        BufferedReader reader = new BufferedReader(new StringReader("a,\"b,\"\"c\"\"\nd\",,e\nnext\n"));
        assertThat(StatementLog.nextRow(reader)).containsExactly("a", "b,\"c\"\nd", "", "e");
        assertThat(StatementLog.nextRow(reader)).containsExactly("next");
        assertThat(StatementLog.nextRow(reader)).isNull();
    }

    @Test
    void keepsOnlyExecutionsOfTheUserInTheDatabasesInOrder(@TempDir Path logs) throws IOException {
        Files.writeString(logs.resolve("postgresql-1.csv"), String.join("\n",
                row("2026-11-30 20:00:00.100 UTC", "processflow", "orders", "s1",
                        "duration: 0.020 ms  parse S_1: SELECT 1 WHERE $1", ""),
                row("2026-11-30 20:00:00.200 UTC", "processflow", "orders", "s1",
                        "duration: 0.050 ms  execute S_1: INSERT INTO t (a)\nVALUES ($1)", "parameters: $1 = 'x'"),
                row("2026-11-30 20:00:00.300 UTC", "postgres", "orders", "s2",
                        "duration: 0.050 ms  statement: SELECT pg_stat_statements_reset()", ""),
                row("2026-11-30 20:00:00.400 UTC", "processflow", "images", "s3",
                        "duration: 0.050 ms  statement: SELECT 1", ""),
                row("2026-11-30 20:00:00.500 UTC", "processflow", "orders", "s1",
                        "duration: 0.010 ms  statement: COMMIT", "")) + "\n");

        List<StatementLog.Executed> executed = StatementLog.read(logs, "processflow", Set.of("orders"));

        assertThat(executed).containsExactly(
                new StatementLog.Executed(Instant.parse("2026-11-30T20:00:00.200Z"), "orders", "s1",
                        "INSERT INTO t (a)\nVALUES ($1)", List.of("x")),
                new StatementLog.Executed(Instant.parse("2026-11-30T20:00:00.500Z"), "orders", "s1", "COMMIT",
                        List.of()));
    }

    /** A csvlog line of PostgreSQL 14: 26 columns, the message 14th and its detail 15th. */
    private static String row(String time, String user, String database, String session, String message,
            String detail) {
        String[] columns = new String[26];
        Arrays.fill(columns, "");
        columns[0] = time;
        columns[1] = user;
        columns[2] = database;
        columns[5] = session;
        columns[13] = quote(message);
        columns[14] = detail.isEmpty() ? "" : quote(detail);
        return String.join(",", columns);
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
